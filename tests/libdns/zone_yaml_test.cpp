// Tests for libdns/src/zone_yaml.cpp: the suites' `zonedata` (spf.md §7), their string
// decoding, rule 1 at load time, and errors as values.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "mailsec/dns/zone_resolver.hpp"
#include "support/paths.hpp"

namespace dns = mailsec::dns;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;

namespace {

// Boost builds the message even when the check passes, so it must not throw.
std::string error_of(const mailsec::core::Result<dns::Zone>& zone) { return zone ? "" : zone.error().message; }

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : " | ") + s;
    return "[" + out + "]";
}

std::string hex(const std::string& s) {
    std::string out;
    char buf[4];
    for (unsigned char c : s) {
        std::snprintf(buf, sizeof buf, "%02x ", c);
        out += buf;
    }
    return out;
}

struct ParseCase {
    std::string label;
    std::string yaml;
    std::string query;
    dns::RecordType type;
    dns::Status status;
    std::vector<std::string> records;  // format_records() lines
};
std::ostream& operator<<(std::ostream& os, const ParseCase& c) { return os << c.label; }

using T = dns::RecordType;
using S = dns::Status;

const ParseCase parse_cases[] = {
    {"a", "h.example:\n  - A: 192.0.2.1\n", "h.example", T::A, S::records, {"192.0.2.1"}},
    {"aaaa any case", "h: [AAAA: CAFE:BABE::1]", "h", T::AAAA, S::records, {"cafe:babe::1"}},
    {"aaaa embedded quad", "h: [{AAAA: '::FFFF:1.2.3.4'}]", "h", T::AAAA, S::records, {"::ffff:1.2.3.4"}},
    {"mx", "h: [{MX: [10, Mail.Example.com]}]", "h", T::MX, S::records, {"10 mail.example.com"}},
    {"null mx", "h: [{MX: [0, \"\"]}]", "h", T::MX, S::records, {"0 ."}},
    {"ptr", "h: [{PTR: Mail.Example.com}]", "h", T::PTR, S::records, {"mail.example.com"}},
    {"cname", "h: [{CNAME: t}]\nt: [{A: 192.0.2.2}]", "h", T::A, S::records, {"192.0.2.2"}},
    {"txt string", "h: [{TXT: v=spf1 -all}]", "h", T::TXT, S::records, {"\"v=spf1 -all\""}},
    {"txt list is one rr", "h: [{TXT: [\"v=spf1 \", \"-all\"]}]", "h", T::TXT, S::records, {"\"v=spf1 \" \"-all\""}},
    {"txt empty list", "h: [{TXT: []}]", "h", T::TXT, S::records, {""}},
    {"spf copied to txt", "h: [{SPF: v=spf1 -all}]", "h", T::TXT, S::records, {"\"v=spf1 -all\""}},
    {"spf served as spf", "h: [{SPF: v=spf1 -all}]", "h", T::SPF, S::records, {"\"v=spf1 -all\""}},
    {"txt NONE blocks copy", "h: [{SPF: v=spf1 -all}, {TXT: NONE}]", "h", T::TXT, S::nodata, {}},
    {"txt NONE only", "h: [{TXT: NONE}]", "h", T::A, S::nodata, {}},
    {"bare TIMEOUT", "h: [TIMEOUT]", "h", T::A, S::tempfail, {}},
    {"spf then TIMEOUT: copy after", "h: [{SPF: x}, TIMEOUT]", "h", T::TXT, S::tempfail, {}},
    {"typed TIMEOUT", "h: [{A: 192.0.2.1}, {AAAA: TIMEOUT}]", "h", T::AAAA, S::tempfail, {}},
    {"typed TIMEOUT other", "h: [{A: 192.0.2.1}, {AAAA: TIMEOUT}]", "h", T::A, S::records, {"192.0.2.1"}},
    {"lowercase type key", "h: [{txt: hi}]", "h", T::TXT, S::records, {"\"hi\""}},
    {"owner lowercased, dot", "H.Example.: [{A: 192.0.2.1}]", "h.example", T::A, S::records, {"192.0.2.1"}},
    {"owner with spaces", "\"a b%c/d:e\": [{TXT: x}]", "A B%c/d:e", T::TXT, S::records, {"\"x\""}},
    {"owner null list", "h:\n", "h", T::A, S::nodata, {}},
    {"owner empty list", "h: []", "h", T::A, S::nodata, {}},
    {"empty document", "", "h", T::A, S::nxdomain, {}},
    {"x80 is UTF-8", "h: [{TXT: \"\\x80\"}]", "h", T::TXT, S::records, {"\"\\194\\128\""}},
    {"NUL kept", "h: [{TXT: \"a\\0\"}]", "h", T::TXT, S::records, {"\"a\\000\""}},
    {"anchors and aliases", "a: &r [{A: 192.0.2.1}]\nb: *r", "b", T::A, S::records, {"192.0.2.1"}},
    {"block style indented",
     "  h:\n    - SPF:  \"v=spf1 \\x96all\"\n",
     "h",
     T::TXT,
     S::records,
     {"\"v=spf1 \\194\\150all\""}},
};

struct ErrorCase {
    std::string label;
    std::string yaml;
    std::string want;  // the message starts with this (yaml-cpp's own wording is not pinned)
};
std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.label; }

const ErrorCase error_cases[] = {
    {"not a mapping", "- a\n- b\n", "line 1: zone data must be a mapping of owner names to lists"},
    {"items not a list", "h: 1.2.3.4", "line 1: owner's items must be a list"},
    {"owner not a string", "? [a, b]\n: []", "line 1: owner name must be a string"},
    {"unknown bare word", "h: [NONE]", "line 1: an item must be TIMEOUT or a one-key mapping such as 'A: 192.0.2.1'"},
    {"two-key item", "h:\n  - {A: 1.2.3.4, TXT: x}",
     "line 2: an item must be TIMEOUT or a one-key mapping such as 'A: 192.0.2.1'"},
    {"unknown type", "h: [{SOA: x}]", "line 1: unknown record type"},
    {"bad ipv4", "h:\n  - A: 1.2.3", "line 2: bad IPv4 address"},
    {"bad ipv6", "h: [{AAAA: 1::2::3}]", "line 1: bad IPv6 address"},
    {"a as list", "h: [{A: [1.2.3.4]}]", "line 1: bad IPv4 address"},
    {"mx not pair", "h: [{MX: mail}]", "line 1: MX takes [preference, name]"},
    {"mx bad pref", "h: [{MX: [x, mail]}]", "line 1: bad MX preference"},
    {"mx pref too big", "h: [{MX: [65536, mail]}]", "line 1: bad MX preference"},
    {"cname list", "h: [{CNAME: [a]}]", "line 1: PTR and CNAME take a name"},
    {"txt nested list", "h: [{TXT: [[a]]}]", "line 1: TXT and SPF strings must be scalars"},
    {"txt mapping", "h: [{TXT: {a: b}}]", "line 1: TXT and SPF take a string or a list of strings"},
    {"yaml syntax", "h: [unclosed", "line 1: "},
    {"bad escape", "h: [{TXT: \"\\q\"}]", "line 1: "},
    {"tab indentation", "h:\n\t- A: 1.2.3.4", "line 2: "},
    {"deep nesting", std::string(5000, '[') + std::string(5000, ']'), "line 1: "},
};

// Splits a suite file into its `zonedata:` blocks, keyed by scenario description.
// A text split keeps this test free of a YAML parser of its own.
std::vector<std::pair<std::string, std::string>> zonedata_blocks(const std::string& file) {
    std::vector<std::pair<std::string, std::string>> blocks;
    std::istringstream in(file);
    std::string line;
    std::string description;
    bool in_zone = false;
    while (std::getline(in, line)) {
        bool top_level = !line.empty() && line[0] != ' ' && line[0] != '#';
        if (in_zone && top_level) in_zone = false;
        if (line.rfind("description:", 0) == 0) description = line.substr(13);
        if (line == "zonedata:") {
            blocks.emplace_back(description, "");
            in_zone = true;
        } else if (in_zone) {
            blocks.back().second += line + "\n";
        }
    }
    return blocks;
}

struct SuiteBytesCase {
    std::string scenario;
    std::string owner;
    dns::RecordType type;
    std::string want;  // the joined TXT bytes
};
std::ostream& operator<<(std::ostream& os, const SuiteBytesCase& c) { return os << c.scenario << ":" << c.owner; }

// spf.md §7 "String decoding": escapes are code points served as UTF-8, except that
// \0 and \x0d stay single bytes.
const SuiteBytesCase suite_bytes_cases[] = {
    {"Initial processing", "hosed2.example.com", T::TXT,
     "v=spf1 \xc2\x80"
     "a:example.net -all"},
    {"Initial processing", "hosed.example.com", T::TXT, "v=spf1 a:\xc3\xaf\xc2\xbb\xc2\xbfgarbage.example.net -all"},
    {"Initial processing", "hosed3.example.com", T::SPF,
     "v=spf1 a:example.net \xc2\x96"
     "all"},
    {"Initial processing", "ctrl.example.com", T::TXT, "v=spf1 a:ctrl.example.com\rptr -all"},
    {"A mechanism syntax", "e3.example.com", T::TXT, std::string("v=spf1 a:foo.example.com\0", 25)},
};

const std::string suite_files[] = {"rfc7208-tests.yml", "rfc4408-tests.yml"};

const dns::Zone* find_scenario(const std::vector<std::pair<std::string, dns::Zone>>& zones, const std::string& name) {
    for (const auto& [description, zone] : zones)
        if (description == name) return &zone;
    return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(zone_yaml)

BOOST_DATA_TEST_CASE(parses, bdata::make(parse_cases), c) {
    auto zone = dns::parse_zone_yaml(c.yaml);
    BOOST_REQUIRE_MESSAGE(zone.ok(), "got error '" << error_of(zone) << "', want a zone");
    dns::ZoneResolver resolver(std::move(*zone));
    auto got = resolver.lookup(c.query, c.type, 5s);
    BOOST_TEST((got.status == c.status),
               "status: got " << dns::to_string(got.status) << ", want " << dns::to_string(c.status));
    BOOST_TEST(join(dns::format_records(got)) == join(c.records),
               "records: got " << join(dns::format_records(got)) << ", want " << join(c.records));
}

BOOST_DATA_TEST_CASE(rejects, bdata::make(error_cases), c) {
    auto zone = dns::parse_zone_yaml(c.yaml);
    BOOST_REQUIRE_MESSAGE(!zone.ok(), "got a zone, want error '" << c.want << "'");
    BOOST_TEST(zone.error().code == "zone-syntax", "code: got '" << zone.error().code << "', want 'zone-syntax'");
    BOOST_TEST(zone.error().message.starts_with(c.want),
               "got '" << zone.error().message << "', want it to start with '" << c.want << "'");
}

// Aliases may name one big node many times; the loader stops instead of growing.
BOOST_AUTO_TEST_CASE(alias_expansion_is_bounded) {
    std::string yaml =
        "a: &a [{A: 192.0.2.1}, {A: 192.0.2.1}, {A: 192.0.2.1}, {A: 192.0.2.1}, {A: 192.0.2.1}, "
        "{A: 192.0.2.1}, {A: 192.0.2.1}, {A: 192.0.2.1}, {A: 192.0.2.1}, {A: 192.0.2.1}]\n";
    for (int i = 0; i < 20000; ++i) yaml += "o" + std::to_string(i) + ": *a\n";
    auto zone = dns::parse_zone_yaml(yaml);
    BOOST_REQUIRE_MESSAGE(!zone.ok(), "got a zone, want an error");
    BOOST_TEST(zone.error().message.find("more than 100000 items") != std::string::npos,
               "got '" << zone.error().message << "', want 'more than 100000 items'");
}

BOOST_DATA_TEST_CASE(suite_file_zones_load, bdata::make(suite_files), file) {
    auto shared = mailsec::testing::shared_dir();
    if (!shared || !std::filesystem::exists(*shared / "spf-suites" / file)) {
        BOOST_TEST_MESSAGE("skipped: spf-suites/" << file << " not found under the shared directory");
        return;
    }
    auto blocks = zonedata_blocks(mailsec::testing::read_file(*shared / "spf-suites" / file));
    BOOST_TEST(blocks.size() >= 15u, "got " << blocks.size() << " scenarios, want at least 15");
    for (const auto& [description, text] : blocks) {
        auto zone = dns::parse_zone_yaml(text);
        BOOST_TEST(zone.ok(), description << ": got error '" << (zone ? "" : zone.error().message) << "', want a zone");
    }
}

BOOST_DATA_TEST_CASE(suite_string_bytes, bdata::make(suite_bytes_cases), c) {
    auto shared = mailsec::testing::shared_dir();
    if (!shared || !std::filesystem::exists(*shared / "spf-suites" / "rfc7208-tests.yml")) {
        BOOST_TEST_MESSAGE("skipped: spf-suites/rfc7208-tests.yml not found under the shared directory");
        return;
    }
    std::vector<std::pair<std::string, dns::Zone>> zones;
    for (auto& [description, text] :
         zonedata_blocks(mailsec::testing::read_file(*shared / "spf-suites" / "rfc7208-tests.yml")))
        if (auto zone = dns::parse_zone_yaml(text)) zones.emplace_back(description, std::move(*zone));
    const dns::Zone* zone = find_scenario(zones, c.scenario);
    BOOST_REQUIRE_MESSAGE(zone, "scenario '" << c.scenario << "' not found");
    dns::ZoneResolver resolver(*zone);
    auto got = resolver.lookup(c.owner, c.type, 5s);
    BOOST_REQUIRE_MESSAGE(got.txt.size() == 1u, "got " << got.txt.size() << " records, want 1");
    BOOST_TEST(got.txt[0].joined() == c.want, "got " << hex(got.txt[0].joined()) << ", want " << hex(c.want));
}

BOOST_AUTO_TEST_SUITE_END()
