// Tests for libspf/src/checker.cpp, evaluation.cpp, mechanisms.cpp and
// explanation.cpp: evaluator corner cases beyond the conformance suites (spf.md §3,
// §5 and the §8 decisions).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <atomic>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "mailsec/dns/zone_resolver.hpp"
#include "mailsec/spf/checker.hpp"

namespace spf = mailsec::spf;
namespace dns = mailsec::dns;
namespace core = mailsec::core;
namespace bdata = boost::unit_test::data;

namespace {

std::string repeat(const std::string& term, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += " " + term;
    return out;
}

dns::Zone test_zone() {
    dns::Zone z;
    z.add_a("host.example", {10, 0, 0, 1});
    z.add_a("client.example", {192, 0, 2, 3});
    z.add_txt("pass.example", {"v=spf1 ip4:192.0.2.3 -all"});
    // spf.md §8 #1: redirect counts only when applied.
    z.add_txt("ten.example", {"v=spf1" + repeat("a:host.example", 10) + " ip4:192.0.2.3 redirect=pass.example"});
    z.add_txt("eleven.example", {"v=spf1" + repeat("a:host.example", 10) + " redirect=pass.example"});
    // §8 #2 and #3: EXP= is exp=; no exp text for softfail.
    z.add_txt("upexp.example", {"v=spf1 -all EXP=exp.example"});
    z.add_txt("softexp.example", {"v=spf1 ~all exp=exp.example"});
    z.add_txt("exp.example", {"Denied ", "%{i} for %{d}"});
    // %{p} in a domain-spec: its PTR query counts once (§4.6.4, spf.md §3).
    z.add_txt("pcount.example", {"v=spf1" + repeat("a:host.example", 9) + " exists:%{p}.x.example -all"});
    z.add_txt("pcount2.example", {"v=spf1" + repeat("a:host.example", 8) + " exists:%{p}.x.example -all"});
    z.add_ptr("3.2.0.192.in-addr.arpa", "client.example");
    z.add_a("client.example.x.example", {127, 0, 0, 2});
    // Void lookups (§4.6.4).
    z.add_txt("void2.example", {"v=spf1 a:nx1.example a:nx2.example"});
    z.add_txt("void3.example", {"v=spf1 a:nx1.example a:nx2.example a:nx3.example"});
    z.add_txt("loop.example", {"v=spf1 include:loop.example"});
    z.add_txt("mx.example", {"v=spf1 mx -all"});
    z.add_txt("allq.example", {"v=spf1 -all"});
    z.add_txt("bad.example", {"v=spf1 -all moo"});
    z.add_timeout("slow.example");
    z.add_txt("slowa.example", {"v=spf1 a:slow.example -all"});
    z.add_txt("inc.example", {"v=spf1 include:softexp.example include:pass.example -all"});
    z.add_txt("host.example._spf.delegate.example", {"v=spf1 ip4:192.0.2.3 -all"});
    return z;
}

struct Case {
    std::string name;
    std::string sender;
    std::string want;
    int want_terms = -1;  // -1: not checked
    std::string want_explanation = "";
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

const Case cases[] = {
    {"redirect not applied is not counted", "x@ten.example", "pass", 10},
    {"redirect applied is the 11th term", "x@eleven.example", "permerror", 11},
    {"EXP= is exp=", "x@upexp.example", "fail", 0, "Denied 192.0.2.3 for upexp.example"},
    {"no exp text for softfail", "x@softexp.example", "softfail", 0, "domain owner discourages use of this host"},
    {"%{p} PTR query is the 11th term", "x@pcount.example", "permerror", 11},
    {"%{p} PTR query is the 10th term", "x@pcount2.example", "pass", 10},
    {"two void lookups", "x@void2.example", "neutral", 2},
    {"three void lookups", "x@void3.example", "permerror", 3},
    {"include loop", "x@loop.example", "permerror", 11},
    {"split at last @", "a@b@pass.example", "pass", 0},
    {"no local part", "pass.example", "pass", 0},
    {"mx none: no fallback to A", "x@mx.example", "fail", 1},
    {"invalid domain is none", "x@single", "none", 0},
    {"domain literal is none", "x@[192.0.2.3]", "none", 0},
    {"permerror explanation names the term", "x@bad.example", "permerror", 0,
     "SPF Permanent Error: Unknown mechanism found: moo"},
    {"timeout in a is temperror", "x@slowa.example", "temperror", 1},
    {"include softfail does not match", "x@inc.example", "pass", 2},
    {"no record is none", "x@host.example", "none", 0},
};

struct Fixture {
    dns::ZoneResolver resolver{test_zone()};
    core::ManualClock clock{std::chrono::system_clock::time_point{std::chrono::seconds{1'700'000'000}}};
    spf::IpAddress client = *spf::IpAddress::parse("192.0.2.3");
};

}  // namespace

BOOST_AUTO_TEST_SUITE(checker)

BOOST_DATA_TEST_CASE(corner_cases, bdata::make(cases), c) {
    Fixture f;
    spf::Checker checker(f.resolver, spf::Options{}, f.clock);
    spf::Outcome o = checker.check_mailfrom(f.client, c.sender, "helo.example");
    BOOST_TEST(spf::to_string(o.result) == c.want,
               "got " << spf::to_string(o.result) << " (" << o.reason << ": " << o.problem << "), want " << c.want);
    if (c.want_terms >= 0)
        BOOST_TEST(o.dns_terms == c.want_terms, "got " << o.dns_terms << " DNS terms, want " << c.want_terms);
    if (!c.want_explanation.empty())
        BOOST_TEST(o.explanation == c.want_explanation,
                   "got explanation '" << o.explanation << "', want '" << c.want_explanation << "'");
}

BOOST_AUTO_TEST_CASE(helo_identity) {
    Fixture f;
    spf::Checker checker(f.resolver, spf::Options{}, f.clock);
    spf::Outcome o = checker.check_mailfrom(f.client, "", "pass.example");
    BOOST_TEST((o.identity == spf::Identity::helo));
    BOOST_TEST(o.sender == "postmaster@pass.example");
    BOOST_TEST(spf::to_string(o.result) == "pass");
    BOOST_TEST(o.mechanism == "ip4:192.0.2.3");
    spf::Outcome h = checker.check_helo(f.client, "pass.example");
    BOOST_TEST((h.result == o.result && h.identity == o.identity));
}

namespace {
struct PolicyCase {
    std::string record, policy, want;
    std::string want_mechanism;
};
std::ostream& operator<<(std::ostream& os, const PolicyCase& c) { return os << c.record << " + " << c.policy; }
const PolicyCase policy_cases[] = {
    {"v=spf1 mx -all", "ip4:192.0.2.3", "pass", "ip4:192.0.2.3"},
    {"v=spf1 -all", "ip4:192.0.2.3", "fail", "-all"},
    {"v=spf1", "ip4:192.0.2.3", "pass", "ip4:192.0.2.3"},
    {"v=spf1 ip4:10.0.0.1 -a:host.example -all", "ip4:192.0.2.3 a:example.org", "pass", "ip4:192.0.2.3"},
    {"v=spf1 ip4:10.0.0.1 -ip4:192.0.2.0/24 -all", "ip4:192.0.2.3", "pass", "ip4:192.0.2.3"},
};
}  // namespace

BOOST_DATA_TEST_CASE(local_policy, bdata::make(policy_cases), c) {
    Fixture f;
    spf::Options options;
    options.local_policy = c.policy;
    spf::Checker checker(f.resolver, options, f.clock);
    spf::Outcome o = checker.check_record(c.record, f.client, "x@pass.example", "helo.example");
    BOOST_TEST(spf::to_string(o.result) == c.want, "got " << spf::to_string(o.result) << ", want " << c.want);
    BOOST_TEST(o.mechanism == c.want_mechanism, "got mechanism '" << o.mechanism << "', want '" << c.want_mechanism << "'");
}

BOOST_AUTO_TEST_CASE(bad_local_policy_is_a_configuration_error) {
    Fixture f;
    spf::Options options;
    options.local_policy = "ip4:1.2.3";
    BOOST_CHECK_THROW(spf::Checker(f.resolver, options, f.clock), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(best_guess) {
    Fixture f;
    spf::Checker checker(f.resolver, spf::Options{}, f.clock);
    spf::Outcome o = checker.best_guess(f.client, "x@client.example", "helo.example");
    BOOST_TEST(spf::to_string(o.result) == "pass");
    BOOST_TEST(o.mechanism == "a/24");
    spf::Outcome bad = checker.best_guess(f.client, "x@client.example", "helo.example", "v=spf1 moo");
    BOOST_TEST(spf::to_string(bad.result) == "neutral", "got " << spf::to_string(bad.result) << ", want neutral");
    spf::Outcome invalid = checker.best_guess(f.client, "x@single", "helo.example");
    BOOST_TEST(spf::to_string(invalid.result) == "none");
}

BOOST_AUTO_TEST_CASE(default_explanation_option) {
    Fixture f;
    spf::Options options;
    options.default_explanation = "See http://example.org/why";
    spf::Checker checker(f.resolver, options, f.clock);
    BOOST_TEST(checker.check_mailfrom(f.client, "x@allq.example", "h").explanation == "See http://example.org/why");
    BOOST_TEST(checker.check_mailfrom(f.client, "x@softexp.example", "h").explanation == "See http://example.org/why");
}

namespace {
// Records the deadlines it is given and answers from a zone.
class DeadlineResolver final : public dns::Resolver {
public:
    explicit DeadlineResolver(dns::Resolver& inner) : inner_(inner) {}
    using Resolver::lookup;
    dns::Answer lookup(std::string_view name, dns::RecordType type, dns::Deadline deadline) override {
        latest_ = std::max(latest_, deadline - std::chrono::steady_clock::now());
        return inner_.lookup(name, type, deadline);
    }
    std::chrono::steady_clock::duration latest_{};

private:
    dns::Resolver& inner_;
};
}  // namespace

BOOST_AUTO_TEST_CASE(deadline_is_per_lookup_and_budget) {
    Fixture f;
    DeadlineResolver r(f.resolver);
    spf::Options options;
    options.limits.per_lookup = std::chrono::milliseconds{5000};
    options.limits.total = std::chrono::milliseconds{300};
    spf::Checker checker(r, options, f.clock);
    (void)checker.check_mailfrom(f.client, "x@pass.example", "h");
    BOOST_TEST(r.latest_ <= std::chrono::milliseconds{300}, "the total budget bounds every deadline");
    options.limits.total = std::chrono::milliseconds{0};
    spf::Checker unbounded(r, options, f.clock);
    (void)unbounded.check_mailfrom(f.client, "x@pass.example", "h");
    BOOST_TEST(r.latest_ > std::chrono::milliseconds{300});
    BOOST_TEST(r.latest_ <= std::chrono::milliseconds{5000});
}

namespace {
// Answers from a zone after a delay, honouring the deadline like a real resolver.
class SlowResolver final : public dns::Resolver {
public:
    explicit SlowResolver(dns::Resolver& inner) : inner_(inner) {}
    using Resolver::lookup;
    dns::Answer lookup(std::string_view name, dns::RecordType type, dns::Deadline deadline) override {
        auto wake = std::chrono::steady_clock::now() + std::chrono::milliseconds{20};
        if (deadline < wake) {
            std::this_thread::sleep_until(deadline);
            return dns::Answer::failure(dns::Status::tempfail, name, type, "timeout");
        }
        std::this_thread::sleep_until(wake);
        return inner_.lookup(name, type, deadline);
    }

private:
    dns::Resolver& inner_;
};
}  // namespace

BOOST_AUTO_TEST_CASE(spent_budget_is_temperror) {
    Fixture f;
    SlowResolver slow(f.resolver);
    spf::Options options;
    options.limits.total = std::chrono::milliseconds{50};
    spf::Checker checker(slow, options, f.clock);
    spf::Outcome o = checker.check_record("v=spf1 a:host.example a:host.example a:host.example a:host.example -all",
                                          f.client, "x@pass.example", "h");
    BOOST_TEST(spf::to_string(o.result) == "temperror", "got " << spf::to_string(o.result) << ", want temperror");
    BOOST_TEST(o.elapsed < std::chrono::milliseconds{500});
    options.limits.total = std::chrono::milliseconds{0};
    spf::Checker unbounded(slow, options, f.clock);
    BOOST_TEST(spf::to_string(unbounded.check_record("v=spf1 a:host.example a:host.example a:host.example -all",
                                                     f.client, "x@pass.example", "h").result) == "fail");
}

BOOST_AUTO_TEST_CASE(delegate_zone) {
    Fixture f;
    spf::Options options;
    options.delegate_zone = "delegate.example";
    spf::Checker checker(f.resolver, options, f.clock);
    spf::Outcome o = checker.check_mailfrom(f.client, "x@host.example", "h");
    BOOST_TEST(spf::to_string(o.result) == "pass", "got " << spf::to_string(o.result) << ", want pass");
    BOOST_TEST(o.void_lookups == 0);
    spf::Checker off(f.resolver, spf::Options{}, f.clock);
    BOOST_TEST(spf::to_string(off.check_mailfrom(f.client, "x@host.example", "h").result) == "none");
}

BOOST_AUTO_TEST_CASE(depth_guard_is_permerror) {
    Fixture f;
    spf::Options options;
    options.limits.dns_terms = 1000;
    spf::Checker checker(f.resolver, options, f.clock);
    spf::Outcome o = checker.check_mailfrom(f.client, "x@loop.example", "h");
    BOOST_TEST(spf::to_string(o.result) == "permerror", "got " << spf::to_string(o.result) << ", want permerror");
    BOOST_TEST(o.reason == "Include or redirect nesting too deep", "got reason '" << o.reason << "'");
}

// Options::record_cache only saves parsing: every case gives the same outcome with
// the cache off, on, full (capacity 1: it starts over on every new record) and on a
// second pass, with and without a local policy spliced into the cached records.
BOOST_AUTO_TEST_CASE(record_cache_changes_no_outcome) {
    Fixture f;
    for (const char* policy : {"", "ip4:192.0.2.3"}) {
        spf::Options off;
        off.local_policy = policy;
        off.record_cache = 0;
        spf::Options tiny = off;
        tiny.record_cache = 1;
        spf::Options on = off;
        on.record_cache = 1024;
        spf::Checker reference(f.resolver, off, f.clock), small(f.resolver, tiny, f.clock), cached(f.resolver, on, f.clock);
        for (int pass = 0; pass < 2; ++pass) {
            for (const Case& c : cases) {
                spf::Outcome want = reference.check_mailfrom(f.client, c.sender, "helo.example");
                for (const spf::Checker* checker : {&small, &cached}) {
                    spf::Outcome got = checker->check_mailfrom(f.client, c.sender, "helo.example");
                    BOOST_TEST((got.result == want.result && got.mechanism == want.mechanism &&
                                got.explanation == want.explanation && got.dns_terms == want.dns_terms &&
                                got.dns_queries == want.dns_queries),
                               c.name << " (policy '" << policy << "', pass " << pass << "): got "
                                      << spf::to_string(got.result) << " '" << got.mechanism << "' '" << got.explanation
                                      << "', want " << spf::to_string(want.result) << " '" << want.mechanism << "' '"
                                      << want.explanation << "'");
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(one_checker_many_threads) {
    Fixture f;
    spf::Checker checker(f.resolver, spf::Options{}, f.clock);
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                if (checker.check_mailfrom(f.client, "x@pcount2.example", "h").result != spf::Result::pass) ++wrong;
                if (checker.check_mailfrom(f.client, "x@eleven.example", "h").result != spf::Result::permerror) ++wrong;
            }
        });
    for (auto& t : threads) t.join();
    BOOST_TEST(wrong.load() == 0, "got " << wrong.load() << " wrong results, want 0");
}

BOOST_AUTO_TEST_SUITE_END()
