// Tests for libdns/src/caching_resolver.cpp: TTL expiry on an injected clock,
// negative caching, what is never cached, the LRU bound, counters, threads.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "mailsec/core/clock.hpp"
#include "mailsec/dns/caching_resolver.hpp"

namespace dns = mailsec::dns;
namespace core = mailsec::core;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;

namespace {

// An inner resolver with scripted answers that counts how often it is asked.
class ScriptedResolver : public dns::Resolver {
public:
    void set(const std::string& name, dns::Answer answer) {
        std::lock_guard lock(mutex_);
        answers_[name] = std::move(answer);
    }
    using dns::Resolver::lookup;
    dns::Answer lookup(std::string_view name, dns::RecordType type, dns::Deadline) override {
        ++calls;
        std::lock_guard lock(mutex_);
        auto it = answers_.find(std::string(name));
        if (it == answers_.end()) return dns::Answer::failure(dns::Status::tempfail, name, type, "unscripted");
        dns::Answer a = it->second;
        a.name = std::string(name);
        a.type = type;
        return a;
    }
    std::atomic<int> calls{0};

private:
    std::mutex mutex_;
    std::map<std::string, dns::Answer> answers_;
};

dns::Answer records(std::uint32_t ttl) {
    dns::Answer a;
    a.status = dns::Status::records;
    a.a.push_back({192, 0, 2, 1});
    a.ttl = ttl;
    return a;
}

dns::Answer negative(dns::Status status, std::optional<std::uint32_t> ttl) {
    dns::Answer a;
    a.status = status;
    a.ttl = ttl;
    return a;
}

struct Fixture {
    ScriptedResolver inner;
    core::ManualClock clock{core::Clock::time_point{std::chrono::seconds{1'700'000'000}}};
    dns::CacheOptions options;
};

// How many inner lookups two lookups `gap` apart cause, for a scripted answer.
struct LifetimeCase {
    const char* what;
    dns::Answer answer;
    std::chrono::seconds gap;
    int want_inner_calls;
};
std::ostream& operator<<(std::ostream& os, const LifetimeCase& c) { return os << c.what; }

const LifetimeCase lifetime_cases[] = {
    {"records within ttl", records(90), 89s, 1},
    {"records at ttl expiry", records(90), 90s, 2},
    {"records capped by max_ttl (100 s)", records(86400), 101s, 2},
    {"records with ttl 0 never cached", records(0), 0s, 2},
    {"nxdomain with SOA ttl cached", negative(dns::Status::nxdomain, 40), 39s, 1},
    {"nxdomain expires with SOA ttl", negative(dns::Status::nxdomain, 40), 40s, 2},
    {"nodata with SOA ttl cached", negative(dns::Status::nodata, 40), 30s, 1},
    {"negative capped by max_negative_ttl (50 s)", negative(dns::Status::nodata, 3600), 51s, 2},
    {"nodata without SOA not cached", negative(dns::Status::nodata, std::nullopt), 0s, 2},
    {"nxdomain without SOA not cached", negative(dns::Status::nxdomain, std::nullopt), 0s, 2},
    {"tempfail never cached", negative(dns::Status::tempfail, 300), 0s, 2},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(caching_resolver)

BOOST_DATA_TEST_CASE(lifetime, bdata::make(lifetime_cases), c) {
    Fixture f;
    f.options.max_ttl = 100s;
    f.options.max_negative_ttl = 50s;
    dns::CachingResolver cache(f.inner, f.options, f.clock);
    f.inner.set("example.com", c.answer);
    auto first = cache.lookup("example.com", dns::RecordType::A, 1s);
    f.clock.advance(c.gap);
    auto second = cache.lookup("example.com", dns::RecordType::A, 1s);
    BOOST_TEST(f.inner.calls.load() == c.want_inner_calls,
               c.what << ": got " << f.inner.calls.load() << " inner lookups, want " << c.want_inner_calls);
    BOOST_TEST(static_cast<int>(second.status) == static_cast<int>(first.status));
}

BOOST_AUTO_TEST_CASE(hit_reports_remaining_ttl_and_same_records) {
    Fixture f;
    dns::CachingResolver cache(f.inner, f.options, f.clock);
    f.inner.set("example.com", records(300));
    cache.lookup("example.com", dns::RecordType::A, 1s);
    f.clock.advance(100s);
    auto hit = cache.lookup("example.com", dns::RecordType::A, 1s);
    BOOST_TEST(hit.ttl.value() == 200u);
    BOOST_REQUIRE_EQUAL(hit.a.size(), 1u);
    BOOST_TEST(dns::format_ipv4(hit.a[0]) == "192.0.2.1");
    auto s = cache.stats();
    BOOST_TEST(s.hits == 1u);
    BOOST_TEST(s.misses == 1u);
    BOOST_TEST(s.entries == 1u);
}

BOOST_AUTO_TEST_CASE(keys_are_case_insensitive_and_per_type) {
    Fixture f;
    dns::CachingResolver cache(f.inner, f.options, f.clock);
    f.inner.set("example.com", records(300));
    cache.lookup("Example.COM.", dns::RecordType::A, 1s);
    cache.lookup("example.com", dns::RecordType::A, 1s);
    BOOST_TEST(f.inner.calls.load() == 1);
    cache.lookup("example.com", dns::RecordType::TXT, 1s);
    BOOST_TEST(f.inner.calls.load() == 2, "another type is another key");
}

BOOST_AUTO_TEST_CASE(invalid_names_never_reach_the_inner_resolver) {
    Fixture f;
    dns::CachingResolver cache(f.inner, f.options, f.clock);
    for (const std::string& bad : std::vector<std::string>{"a..b", std::string(64, 'x') + ".com", "\xff.com"}) {
        auto a = cache.lookup(bad, dns::RecordType::TXT, 1s);
        BOOST_TEST(a.status == dns::Status::invalid_name, "got " << dns::to_string(a.status) << " for " << bad);
    }
    BOOST_TEST(f.inner.calls.load() == 0);
    BOOST_TEST(cache.stats().entries == 0u);
}

BOOST_AUTO_TEST_CASE(bounded_lru_evicts_least_recently_used) {
    Fixture f;
    f.options.max_entries = 3;
    dns::CachingResolver cache(f.inner, f.options, f.clock);
    for (auto n : {"a.test", "b.test", "c.test", "d.test"}) f.inner.set(n, records(300));
    cache.lookup("a.test", dns::RecordType::A, 1s);
    cache.lookup("b.test", dns::RecordType::A, 1s);
    cache.lookup("c.test", dns::RecordType::A, 1s);
    cache.lookup("a.test", dns::RecordType::A, 1s);  // a is now the most recent
    cache.lookup("d.test", dns::RecordType::A, 1s);  // evicts b
    BOOST_TEST(cache.stats().entries == 3u);
    int before = f.inner.calls.load();
    cache.lookup("a.test", dns::RecordType::A, 1s);
    cache.lookup("c.test", dns::RecordType::A, 1s);
    cache.lookup("d.test", dns::RecordType::A, 1s);
    BOOST_TEST(f.inner.calls.load() == before, "a, c and d should still be cached");
    cache.lookup("b.test", dns::RecordType::A, 1s);
    BOOST_TEST(f.inner.calls.load() == before + 1, "b should have been evicted");
    BOOST_TEST(cache.stats().entries == 3u);
}

BOOST_AUTO_TEST_CASE(clear_empties_the_cache) {
    Fixture f;
    dns::CachingResolver cache(f.inner, f.options, f.clock);
    f.inner.set("example.com", records(300));
    cache.lookup("example.com", dns::RecordType::A, 1s);
    cache.clear();
    BOOST_TEST(cache.stats().entries == 0u);
    cache.lookup("example.com", dns::RecordType::A, 1s);
    BOOST_TEST(f.inner.calls.load() == 2);
}

BOOST_AUTO_TEST_CASE(many_threads_share_one_cache) {
    Fixture f;
    f.options.max_entries = 16;  // small, so eviction races with lookups
    dns::CachingResolver cache(f.inner, f.options, f.clock);
    for (int i = 0; i < 32; ++i) f.inner.set("h" + std::to_string(i) + ".test", records(300));
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                auto a = cache.lookup("h" + std::to_string((i * 7 + t) % 32) + ".test", dns::RecordType::A, 1s);
                if (a.status != dns::Status::records || a.a.size() != 1) ++wrong;
            }
        });
    }
    for (auto& th : threads) th.join();
    BOOST_TEST(wrong.load() == 0);
    auto s = cache.stats();
    BOOST_TEST(s.hits + s.misses == 16000u);
    BOOST_TEST(s.entries <= 16u);
}

BOOST_AUTO_TEST_SUITE_END()
