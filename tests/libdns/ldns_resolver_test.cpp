// Tests for libdns/src/ldns_resolver.cpp against ldns-testns with
// data/ldns_resolver.testns (dns-mime.md A4) on 127.0.0.1: the answer table,
// TXT/MX/PTR decoding, TCP fallback, name validation and concurrent use.
// Timeouts, failover and bad servers: ldns_failure_test.cpp.
#include <atomic>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "mailsec/dns/ldns_resolver.hpp"
#include "testns_fixture.hpp"

namespace dns = mailsec::dns;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;
using ldns_test::BlackHole;
using ldns_test::Clock;
using ldns_test::elapsed_ms;
using ldns_test::make_resolver;
using ldns_test::shared_server;
using ldns_test::testns_present;

namespace {

// ---------------------------------------------------------------------------
// The answer table for data/ldns_resolver.testns.

struct LookupCase {
    std::string name;
    dns::RecordType type;
    dns::Status status;
    std::vector<std::string> lines;  // format_records
    std::vector<std::string> chain;
    std::optional<std::uint32_t> ttl;
    std::string diagnostic;  // substring, for tempfail
};

std::ostream& operator<<(std::ostream& os, const LookupCase& c) {
    return os << c.name << "/" << dns::to_string(c.type);
}

using T = dns::RecordType;
using S = dns::Status;

const LookupCase lookup_cases[] = {
    // records of each type; TXT strings of each RR kept separately
    {"txt.example.com", T::TXT, S::records,
     {R"("v=spf1 ip4:192.0.2.0/24 " "include:_spf.example.net -all")", R"("second")"}, {}, 300, ""},
    {"TXT.Example.COM.", T::TXT, S::records,
     {R"("v=spf1 ip4:192.0.2.0/24 " "include:_spf.example.net -all")", R"("second")"}, {}, 300, ""},
    {"bytes.example.com", T::TXT, S::records, {R"("quote\" back\\slash \255" "")"}, {}, 300, ""},
    {"host.example.com", T::A, S::records, {"192.0.2.1", "192.0.2.2"}, {}, 1800, ""},
    {"host.example.com", T::AAAA, S::records, {"2001:db8::1"}, {}, 3600, ""},
    {"example.com", T::MX, S::records, {"10 mail.example.com", "20 mail2.example.net"}, {}, 3600, ""},
    {"nullmx.example.com", T::MX, S::records, {"0 ."}, {}, 3600, ""},
    {"1.2.0.192.in-addr.arpa", T::PTR, S::records, {"mail.example.com"}, {}, 3600, ""},
    {"spf.example.com", T::SPF, S::records, {R"("v=spf1 " "-all")"}, {}, 3600, ""},
    // CNAME chains: in one answer (ttl = min over the chain), and stopping at a target
    // that the resolver then asks for
    {"www.example.com", T::A, S::records, {"192.0.2.9"}, {"alias1.example.com", "alias2.example.net"}, 60, ""},
    {"stop.example.com", T::TXT, S::records, {R"("found")"}, {"target.example.org"}, 200, ""},
    {"ten.example.com", T::A, S::records, {"192.0.2.10"},
     {"c1.ten.example.com", "c2.ten.example.com", "c3.ten.example.com", "c4.ten.example.com", "c5.ten.example.com",
      "c6.ten.example.com", "c7.ten.example.com", "c8.ten.example.com", "c9.ten.example.com", "c10.ten.example.com"},
     3600, ""},
    {"dangling.example.com", T::A, S::nxdomain, {}, {"gone.example.com"}, 300, ""},
    {"cnodata.example.com", T::TXT, S::nodata, {}, {"host.example.com"}, 120, ""},
    {"loop1.example.com", T::A, S::tempfail, {}, {"loop2.example.com"}, std::nullopt, "cname-loop"},
    {"loopa.example.com", T::A, S::tempfail, {}, {"loopb.example.com"}, std::nullopt, "cname-loop"},
    {"eleven.example.com", T::A, S::tempfail, {},
     {"c1.eleven.example.com", "c2.eleven.example.com", "c3.eleven.example.com", "c4.eleven.example.com",
      "c5.eleven.example.com", "c6.eleven.example.com", "c7.eleven.example.com", "c8.eleven.example.com",
      "c9.eleven.example.com", "c10.eleven.example.com"},
     std::nullopt, "cname-too-long"},
    // negative answers: TTL = min(SOA TTL, MINIMUM); none without an SOA
    {"host.example.com", T::TXT, S::nodata, {}, {}, 120, ""},
    {"nosoa.example.com", T::TXT, S::nodata, {}, {}, std::nullopt, ""},
    {"nx.example.com", T::TXT, S::nxdomain, {}, {}, 300, ""},
    {"unknown.example.com", T::MX, S::nxdomain, {}, {}, 300, ""},
    // every rcode other than NOERROR and NXDOMAIN
    {"servfail.example.com", T::TXT, S::tempfail, {}, {}, std::nullopt, "SERVFAIL"},
    {"refused.example.com", T::TXT, S::tempfail, {}, {}, std::nullopt, "REFUSED"},
    {"formerr.example.com", T::TXT, S::tempfail, {}, {}, std::nullopt, "FORMERR"},
    {"notimpl.example.com", T::TXT, S::tempfail, {}, {}, std::nullopt, "NOTIMPL"},
    // truncation: TC over UDP, full answer over TCP; EDNS queries never see the TC
    {"tc.example.com", T::TXT, S::records, {R"("over tcp")"}, {}, 3600, ""},
    {"tcedns.example.com", T::TXT, S::records, {R"("edns answer")"}, {}, 3600, ""},
    {"tcfail.example.com", T::TXT, S::tempfail, {}, {}, std::nullopt, "SERVFAIL"},
};

void check_answer(const dns::Answer& got, const LookupCase& want) {
    BOOST_TEST(got.status == want.status,
               "status: got " << dns::to_string(got.status) << ", want " << dns::to_string(want.status) << " ("
                              << got.diagnostic << ")");
    BOOST_TEST(got.type == want.type);
    auto lines = dns::format_records(got);
    BOOST_TEST(lines == want.lines, boost::test_tools::per_element());
    BOOST_TEST(got.cname_chain == want.chain, boost::test_tools::per_element());
    if (want.status != S::tempfail) {
        BOOST_TEST(got.ttl.has_value() == want.ttl.has_value(), "ttl presence: got " << got.ttl.has_value()
                                                                                       << ", want "
                                                                                       << want.ttl.has_value());
        if (got.ttl && want.ttl) BOOST_TEST(*got.ttl == *want.ttl, "ttl: got " << *got.ttl << ", want " << *want.ttl);
        BOOST_TEST(got.diagnostic.empty(), "diagnostic: got '" << got.diagnostic << "', want none");
    } else {
        BOOST_TEST(got.diagnostic.find(want.diagnostic) != std::string::npos,
                   "diagnostic: got '" << got.diagnostic << "', want '" << want.diagnostic << "'");
    }
}

}  // namespace

// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(ldns_resolver, *boost::unit_test::precondition(testns_present))

BOOST_DATA_TEST_CASE(lookups, bdata::make(lookup_cases), c) {
    auto r = make_resolver({shared_server().server()});
    dns::Answer got = r->lookup(c.name, c.type, 5s);
    check_answer(got, c);
    std::string want_name = c.name == "TXT.Example.COM." ? "txt.example.com" : c.name;
    BOOST_TEST(got.name == want_name, "name: got " << got.name << ", want " << want_name);
}

BOOST_AUTO_TEST_CASE(txt_strings_are_kept_per_rr_and_joined_without_separator) {
    auto r = make_resolver({shared_server().server()});
    dns::Answer got = r->lookup("txt.example.com", T::TXT, 5s);
    BOOST_REQUIRE(got.status == S::records);
    BOOST_REQUIRE_EQUAL(got.txt.size(), 2u);
    std::vector<std::string> want = {"v=spf1 ip4:192.0.2.0/24 ", "include:_spf.example.net -all"};
    BOOST_TEST(got.txt[0].strings == want, boost::test_tools::per_element());
    BOOST_TEST(got.txt[0].joined() == "v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all");
    BOOST_TEST(got.txt[1].strings == std::vector<std::string>{"second"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(mx_and_ptr_names_are_lowercase_without_dot) {
    auto r = make_resolver({shared_server().server()});
    dns::Answer mx = r->lookup("example.com", T::MX, 5s);
    BOOST_REQUIRE_EQUAL(mx.mx.size(), 2u);
    BOOST_TEST((mx.mx[1] == dns::MxRecord{20, "mail2.example.net"}), "got " << mx.mx[1].exchange);
    dns::Answer nullmx = r->lookup("nullmx.example.com", T::MX, 5s);
    BOOST_REQUIRE_EQUAL(nullmx.mx.size(), 1u);
    BOOST_TEST(nullmx.mx[0].exchange == "", "null MX: got '" << nullmx.mx[0].exchange << "', want ''");
    dns::Answer a = r->lookup("host.example.com", T::A, 5s);
    BOOST_REQUIRE_EQUAL(a.a.size(), 2u);
    BOOST_TEST((a.a[0] == dns::Ipv4Address{192, 0, 2, 1}));
}

BOOST_AUTO_TEST_CASE(truncated_answer_without_edns_is_retried_over_tcp) {
    // Without OPT the EDNS-variant entry answers TC=1 over UDP; the TCP retry gets it all.
    auto r = make_resolver({shared_server().server()}, 2000ms, 1, /*edns=*/0);
    for (const char* name : {"tcedns.example.com", "tc.example.com"}) {
        dns::Answer got = r->lookup(name, T::TXT, 5s);
        BOOST_TEST(got.status == S::records, name << ": got " << dns::to_string(got.status) << " (" << got.diagnostic
                                                  << "), want records");
    }
}

BOOST_AUTO_TEST_CASE(truncated_answer_without_tcp_fallback_is_tempfail) {
    auto r = make_resolver({shared_server().server()}, 2000ms, 1, 1232, /*tcp_fallback=*/false);
    dns::Answer got = r->lookup("tc.example.com", T::TXT, 5s);
    BOOST_TEST(got.status == S::tempfail, "got " << dns::to_string(got.status) << ", want tempfail");
    BOOST_TEST(got.diagnostic.find("truncated") != std::string::npos, "diagnostic: got " << got.diagnostic);
}

const std::string invalid_names[] = {
    "", "a..b", ".example.com", "..", std::string(64, 'x') + ".example.com",
    std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(63, 'd') + ".e",
    "ex ample.com", "ex\xc3\xa9mple.com",
};

BOOST_DATA_TEST_CASE(invalid_names_are_rejected_without_a_query, bdata::make(invalid_names), name) {
    // The server never answers: a query would take the whole 2 s timeout and be counted.
    BlackHole hole;
    BOOST_REQUIRE(hole.ok());
    auto r = make_resolver({hole.server()}, 2000ms, 1);
    auto start = Clock::now();
    dns::Answer got = r->lookup(name, T::TXT, 5s);
    BOOST_TEST(got.status == S::invalid_name, "got " << dns::to_string(got.status) << ", want invalid-name");
    BOOST_TEST(!got.diagnostic.empty(), "want a diagnostic");
    BOOST_TEST(elapsed_ms(start) < 200, "took " << elapsed_ms(start) << " ms, want no network wait");
    BOOST_TEST(hole.drain() == 0, "queries sent: got some, want none");
}

BOOST_AUTO_TEST_CASE(many_threads_share_one_resolver) {
    auto r = make_resolver({shared_server().server()}, 2000ms, 2);
    constexpr int threads = 8, per_thread = 50;
    std::atomic<int> failures{0};
    std::mutex mutex;
    std::string first_failure;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                const LookupCase& c = lookup_cases[static_cast<std::size_t>(t * per_thread + i) % 12];
                dns::Answer got = r->lookup(c.name, c.type, 10s);
                if (got.status != c.status || dns::format_records(got) != c.lines) {
                    ++failures;
                    std::lock_guard lock(mutex);
                    if (first_failure.empty())
                        first_failure = c.name + ": got " + std::string(dns::to_string(got.status)) + " " +
                                        got.diagnostic;
                }
            }
        });
    }
    for (auto& th : pool) th.join();
    BOOST_TEST(failures.load() == 0, "failures: got " << failures.load() << ", want 0; first: " << first_failure);
}

BOOST_AUTO_TEST_SUITE_END()
