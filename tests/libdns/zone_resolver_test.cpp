// Tests for libdns/src/zone.cpp and libdns/src/zone_resolver.cpp: spf.md §7 "Fake DNS
// rules" 1-6, TIMEOUT semantics, CNAME chains and loops, names, deadlines, counting.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "mailsec/dns/zone_resolver.hpp"

namespace dns = mailsec::dns;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;

namespace {

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : " | ") + s;
    return "[" + out + "]";
}

// A CNAME chain prefix0 -> prefix1 -> ... -> prefixN, with an A record at the end.
void add_chain(dns::Zone& zone, const std::string& prefix, int hops) {
    for (int i = 0; i < hops; ++i)
        zone.add_cname(prefix + std::to_string(i) + ".example.com", prefix + std::to_string(i + 1) + ".example.com");
    zone.add_a(prefix + std::to_string(hops) + ".example.com", {192, 0, 2, 99});
}

dns::Zone make_zone() {
    dns::Zone z;
    z.add_txt("example.com", {"v=spf1 ", "-all"});
    z.add_a("example.com", {192, 0, 2, 1}, 300);
    z.add_a("example.com", {192, 0, 2, 2}, 600);
    z.add_mx("example.com", 10, "Mail.Example.COM.");
    z.add_spf("example.com", {"v=spf1 type99"});
    z.add_a("Mixed.Case.Example.", {192, 0, 2, 9});
    z.add_aaaa("v6.example.com", {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    z.add_mx("nullmx.example.com", 0, ".");
    z.add_ptr("4.3.2.1.in-addr.arpa", "Mail.Example.COM.");
    z.add_spf("spfonly.example.net", {"v=spf1 -all"});  // rule 1: copied to TXT
    z.add_spf("spfnone.example.net", {"v=spf1 -all"});
    z.add_empty("spfnone.example.net");  // TXT: NONE: no copy
    z.add_txt("spftimeout.example.net", {"v=spf1 -all"});
    z.add_timeout("spftimeout.example.net");  // [TXT, TIMEOUT]
    z.add_spf("txttimeout.example.net", {"v=spf1 -all"});
    z.add_empty("txttimeout.example.net");
    z.add_timeout("txttimeout.example.net");  // [SPF, NONE, TIMEOUT]
    z.add_timeout("alltimeout.example.net");
    z.add_a("half.example.com", {192, 0, 2, 5});
    z.add_timeout("half.example.com", dns::RecordType::AAAA);
    z.add_a("error.present.example.com", {192, 0, 2, 7});
    z.add_empty("empty.example.com");
    z.add_cname("alias.example.com", "Target.Example.com.", 60);
    z.add_a("target.example.com", {192, 0, 2, 8}, 300);
    z.add_cname("loop4.example.com", "CNAME.example.com.");
    z.add_cname("cname.example.com", "CNAME.example.com.");
    z.add_cname("ping.example.com", "pong.example.com");
    z.add_cname("pong.example.com", "ping.example.com");
    z.add_cname("nullcname.example.com", "");
    z.add_cname("dangling.example.com", "missing.example.com");
    z.add_cname("errcname.example.com", "error.gone.example.com");
    z.add_cname("alias2.example.com", "half.example.com");
    add_chain(z, "ten", 10);
    add_chain(z, "eleven", 11);
    z.add_txt("macro%percent  space%20url-space.example.com", {"v=spf1 -all"});
    z.copy_spf_to_txt();
    return z;
}

struct LookupCase {
    std::string label;
    std::string name;
    dns::RecordType type;
    dns::Status status;
    std::vector<std::string> records;  // format_records() lines
    std::vector<std::string> chain;
    std::string diagnostic;
};
std::ostream& operator<<(std::ostream& os, const LookupCase& c) { return os << c.label; }

using T = dns::RecordType;
using S = dns::Status;

const LookupCase lookup_cases[] = {
    // Rule 6 values, and several RRs of a type in insertion order.
    {"txt strings kept apart", "example.com", T::TXT, S::records, {"\"v=spf1 \" \"-all\""}, {}, ""},
    {"a in order", "example.com", T::A, S::records, {"192.0.2.1", "192.0.2.2"}, {}, ""},
    {"mx lowercased", "example.com", T::MX, S::records, {"10 mail.example.com"}, {}, ""},
    {"spf type 99", "example.com", T::SPF, S::records, {"\"v=spf1 type99\""}, {}, ""},
    {"aaaa", "v6.example.com", T::AAAA, S::records, {"2001:db8::1"}, {}, ""},
    {"null mx", "nullmx.example.com", T::MX, S::records, {"0 ."}, {}, ""},
    {"ptr lowercased", "4.3.2.1.in-addr.arpa", T::PTR, S::records, {"mail.example.com"}, {}, ""},
    {"nodata", "example.com", T::AAAA, S::nodata, {}, {}, ""},
    {"empty owner nodata", "empty.example.com", T::A, S::nodata, {}, {}, ""},
    // Rule 1.
    {"spf copied to txt", "spfonly.example.net", T::TXT, S::records, {"\"v=spf1 -all\""}, {}, ""},
    {"TXT NONE blocks copy", "spfnone.example.net", T::TXT, S::nodata, {}, {}, ""},
    {"TXT NONE keeps spf", "spfnone.example.net", T::SPF, S::records, {"\"v=spf1 -all\""}, {}, ""},
    // Rule 2.
    {"trailing dot and case", "MIXED.case.EXAMPLE.", T::A, S::records, {"192.0.2.9"}, {}, ""},
    {"spaces and percent",
     "macro%percent  space%20url-space.example.com",
     T::TXT,
     S::records,
     {"\"v=spf1 -all\""},
     {},
     ""},
    {"root nxdomain", ".", T::TXT, S::nxdomain, {}, {}, ""},
    {"empty label", "a..example.com", T::TXT, S::invalid_name, {}, {}, "empty label"},
    {"empty name", "", T::TXT, S::invalid_name, {}, {}, "empty name"},
    {"two trailing dots", "example.com..", T::TXT, S::invalid_name, {}, {}, "empty label"},
    {"long label", std::string(64, 'a') + ".example.com", T::A, S::invalid_name, {}, {}, "label longer than 63 octets"},
    {"long name",
     std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(63, 'd') +
         ".ex",
     T::A,
     S::invalid_name,
     {},
     {},
     "name longer than 253 octets"},
    // Rule 3.
    {"missing nxdomain", "nowhere.example.com", T::A, S::nxdomain, {}, {}, ""},
    {"missing error. tempfail", "error.example.com", T::A, S::tempfail, {}, {}, "SERVFAIL"},
    {"present error. answers", "error.present.example.com", T::A, S::records, {"192.0.2.7"}, {}, ""},
    // Rule 4.
    {"[TXT,TIMEOUT] TXT", "spftimeout.example.net", T::TXT, S::records, {"\"v=spf1 -all\""}, {}, ""},
    {"[TXT,TIMEOUT] SPF", "spftimeout.example.net", T::SPF, S::tempfail, {}, {}, "timeout"},
    {"[TXT,TIMEOUT] A", "spftimeout.example.net", T::A, S::tempfail, {}, {}, "timeout"},
    {"[SPF,NONE,TIMEOUT] TXT", "txttimeout.example.net", T::TXT, S::tempfail, {}, {}, "timeout"},
    {"[SPF,NONE,TIMEOUT] SPF", "txttimeout.example.net", T::SPF, S::records, {"\"v=spf1 -all\""}, {}, ""},
    {"[TIMEOUT]", "alltimeout.example.net", T::MX, S::tempfail, {}, {}, "timeout"},
    {"typed timeout other type", "half.example.com", T::A, S::records, {"192.0.2.5"}, {}, ""},
    {"typed timeout its type", "half.example.com", T::AAAA, S::tempfail, {}, {}, "timeout"},
    {"typed timeout skipped", "half.example.com", T::MX, S::nodata, {}, {}, ""},
    // Rule 5.
    {"cname followed", "alias.example.com", T::A, S::records, {"192.0.2.8"}, {"target.example.com"}, ""},
    {"cname final nodata", "alias.example.com", T::MX, S::nodata, {}, {"target.example.com"}, ""},
    {"cname asked directly", "alias.example.com", T::CNAME, S::records, {}, {"target.example.com"}, ""},
    {"cname self loop", "loop4.example.com", T::A, S::tempfail, {}, {}, "cname-loop"},
    {"cname two-node loop", "ping.example.com", T::TXT, S::tempfail, {}, {}, "cname-loop"},
    {"cname to empty", "nullcname.example.com", T::A, S::nodata, {}, {""}, ""},
    {"cname dangling", "dangling.example.com", T::A, S::nxdomain, {}, {"missing.example.com"}, ""},
    {"cname to error.", "errcname.example.com", T::A, S::tempfail, {}, {}, "SERVFAIL"},
    {"cname to timeout", "alias2.example.com", T::AAAA, S::tempfail, {}, {}, "timeout"},
    {"ten hops",
     "ten0.example.com",
     T::A,
     S::records,
     {"192.0.2.99"},
     {"ten1.example.com", "ten2.example.com", "ten3.example.com", "ten4.example.com", "ten5.example.com",
      "ten6.example.com", "ten7.example.com", "ten8.example.com", "ten9.example.com", "ten10.example.com"},
     ""},
    {"eleven hops", "eleven0.example.com", T::A, S::tempfail, {}, {}, "cname-too-long"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(zone_resolver)

BOOST_DATA_TEST_CASE(lookup, bdata::make(lookup_cases), c) {
    dns::ZoneResolver resolver(make_zone());
    dns::Answer got = resolver.lookup(c.name, c.type, 5s);
    BOOST_TEST((got.status == c.status),
               "status: got " << dns::to_string(got.status) << ", want " << dns::to_string(c.status));
    BOOST_TEST(join(dns::format_records(got)) == join(c.records),
               "records: got " << join(dns::format_records(got)) << ", want " << join(c.records));
    BOOST_TEST(join(got.cname_chain) == join(c.chain),
               "chain: got " << join(got.cname_chain) << ", want " << join(c.chain));
    BOOST_TEST(got.diagnostic == c.diagnostic,
               "diagnostic: got '" << got.diagnostic << "', want '" << c.diagnostic << "'");
    BOOST_TEST(static_cast<int>(got.type) == static_cast<int>(c.type));
}

// Rule 2 in the suite runner: names no correct checker sends become visible temperrors.
BOOST_DATA_TEST_CASE(invalid_names_tempfail, bdata::make({std::string("a..b"), std::string(64, 'x') + ".com"}), name) {
    dns::ZoneResolverOptions options;
    options.invalid_names_tempfail = true;
    dns::ZoneResolver resolver(make_zone(), options);
    auto got = resolver.lookup(name, dns::RecordType::TXT, 5s);
    BOOST_TEST(got.status == dns::Status::tempfail, "got " << dns::to_string(got.status) << ", want tempfail");
}

BOOST_AUTO_TEST_CASE(error_prefix_switch_off) {
    dns::ZoneResolverOptions options;
    options.error_prefix_tempfail = false;
    dns::ZoneResolver resolver(make_zone(), options);
    auto got = resolver.lookup("error.example.com", dns::RecordType::A, 5s);
    BOOST_TEST(got.status == dns::Status::nxdomain, "got " << dns::to_string(got.status) << ", want nxdomain");
}

struct TtlCase {
    std::string label;
    std::string name;
    dns::RecordType type;
    std::optional<std::uint32_t> negative_ttl;
    std::optional<std::uint32_t> want;
};
std::ostream& operator<<(std::ostream& os, const TtlCase& c) { return os << c.label; }

const TtlCase ttl_cases[] = {
    {"min over records", "example.com", T::A, std::nullopt, 300},
    {"min over chain", "alias.example.com", T::A, std::nullopt, 60},
    {"nodata without negative ttl", "example.com", T::AAAA, std::nullopt, std::nullopt},
    {"nodata with negative ttl", "example.com", T::AAAA, 30, 30},
    {"nxdomain with negative ttl", "nowhere.example.com", T::A, 45, 45},
    {"tempfail has none", "alltimeout.example.net", T::A, 45, std::nullopt},
};

BOOST_DATA_TEST_CASE(ttl, bdata::make(ttl_cases), c) {
    dns::ZoneResolverOptions options;
    options.negative_ttl = c.negative_ttl;
    dns::ZoneResolver resolver(make_zone(), options);
    auto got = resolver.lookup(c.name, c.type, 5s);
    BOOST_TEST((got.ttl == c.want), "got " << (got.ttl ? std::to_string(*got.ttl) : "none") << ", want "
                                           << (c.want ? std::to_string(*c.want) : "none"));
}

BOOST_AUTO_TEST_CASE(past_deadline_is_timeout) {
    dns::ZoneResolver resolver(make_zone());
    auto got = resolver.lookup("example.com", dns::RecordType::A, std::chrono::steady_clock::now() - 1s);
    BOOST_TEST(got.status == dns::Status::tempfail, "got " << dns::to_string(got.status) << ", want tempfail");
    BOOST_TEST(got.diagnostic == "timeout", "got '" << got.diagnostic << "', want 'timeout'");
}

BOOST_AUTO_TEST_CASE(timeout_item_does_not_wait) {
    dns::ZoneResolver resolver(make_zone());
    auto start = std::chrono::steady_clock::now();
    auto got = resolver.lookup("alltimeout.example.net", dns::RecordType::A, 10s);
    auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST(got.status == dns::Status::tempfail);
    BOOST_TEST(took < 1s, "got " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                                 << " ms, want an immediate answer");
}

BOOST_AUTO_TEST_CASE(counts_every_lookup) {
    dns::ZoneResolver resolver(make_zone());
    resolver.lookup("example.com", dns::RecordType::A, 5s);
    resolver.lookup("nowhere.example.com", dns::RecordType::A, 5s);
    resolver.lookup("a..b", dns::RecordType::A, 5s);
    BOOST_TEST(resolver.lookups() == 3u, "got " << resolver.lookups() << ", want 3");
}

BOOST_AUTO_TEST_CASE(concurrent_lookups) {
    dns::ZoneResolver resolver(make_zone());
    constexpr int threads = 4;
    constexpr int per_thread = 500;
    std::vector<std::thread> pool;
    pool.reserve(threads);
    std::vector<int> wrong(threads, 0);
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i)
                if (resolver.lookup("alias.example.com", dns::RecordType::A, 5s).a.size() != 1) ++wrong[t];
        });
    for (auto& th : pool) th.join();
    for (int t = 0; t < threads; ++t)
        BOOST_TEST(wrong[t] == 0, "thread " << t << ": got " << wrong[t] << " wrong answers, want 0");
    BOOST_TEST(resolver.lookups() == std::uint64_t{threads} * per_thread);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(zone)

BOOST_AUTO_TEST_CASE(owners_are_stripped_and_lowercased) {
    dns::Zone z;
    z.add_a("Host.Example.COM.", {192, 0, 2, 1});
    z.add_txt("Host.example.com", {"x"});
    BOOST_TEST(z.contains("host.example.com"));
    BOOST_TEST(z.contains("HOST.EXAMPLE.COM."));
    BOOST_REQUIRE_EQUAL(z.owners().size(), 1u);
    BOOST_TEST(z.owners().begin()->first == "host.example.com");
    BOOST_TEST(z.owners().begin()->second.size() == 2u);
}

// Rule 1: the copies go after every other item, in the SPF items' order.
BOOST_AUTO_TEST_CASE(copy_spf_appends_in_order) {
    dns::Zone z;
    z.add_spf("x.example", {"one"});
    z.add_timeout("x.example");
    z.add_spf("x.example", {"two"});
    z.copy_spf_to_txt();
    z.copy_spf_to_txt();  // idempotent
    const auto& items = z.owners().at("x.example");
    std::vector<std::string> got;
    for (const auto& item : items) {
        std::string kind = std::holds_alternative<dns::ZoneItem::Timeout>(item.data)
                               ? "TIMEOUT"
                               : std::string(dns::to_string(item.type));
        if (const auto* txt = std::get_if<dns::TxtRecord>(&item.data)) kind += ":" + txt->joined();
        got.push_back(kind);
    }
    std::vector<std::string> want = {"SPF:one", "TIMEOUT", "SPF:two", "TXT:one", "TXT:two"};
    BOOST_TEST(join(got) == join(want), "got " << join(got) << ", want " << join(want));
}

BOOST_AUTO_TEST_CASE(copy_spf_skips_owners_with_txt) {
    dns::Zone z;
    z.add_spf("x.example", {"spf"});
    z.add_txt("x.example", {"txt"});
    z.copy_spf_to_txt();
    BOOST_TEST(z.owners().at("x.example").size() == 2u,
               "got " << z.owners().at("x.example").size() << " items, want 2");
}

BOOST_AUTO_TEST_SUITE_END()
