// Tests for libdns/src/zone_text.cpp: the zone-file-like format of zone_resolver.hpp.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "mailsec/dns/zone_resolver.hpp"

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

struct ParseCase {
    std::string label;
    std::string text;
    std::string query;
    dns::RecordType type;
    dns::Status status;
    std::vector<std::string> records;  // format_records() lines
    std::optional<std::uint32_t> ttl;  // checked when set
};
std::ostream& operator<<(std::ostream& os, const ParseCase& c) { return os << c.label; }

using T = dns::RecordType;
using S = dns::Status;

const ParseCase parse_cases[] = {
    {"txt two strings",
     "example.com. TXT \"v=spf1 \" \"mx -all\"\n",
     "example.com",
     T::TXT,
     S::records,
     {"\"v=spf1 \" \"mx -all\""},
     std::nullopt},
    {"txt escapes", R"(x TXT "q\"b\\s\065\128\000")", "x", T::TXT, S::records, {R"("q\"b\\sA\128\000")"}, std::nullopt},
    {"txt bare words", "x TXT v=spf1 -all", "x", T::TXT, S::records, {"\"v=spf1\" \"-all\""}, std::nullopt},
    {"txt empty string", "x TXT \"\"", "x", T::TXT, S::records, {"\"\""}, std::nullopt},
    {"txt semicolon in quotes", "x TXT \"a;b\" ; comment", "x", T::TXT, S::records, {"\"a;b\""}, std::nullopt},
    {"two txt rrs", "x TXT \"a\"\nx TXT \"b\"", "x", T::TXT, S::records, {"\"a\"", "\"b\""}, std::nullopt},
    {"spf type", "x SPF \"v=spf1 -all\"", "x", T::SPF, S::records, {"\"v=spf1 -all\""}, std::nullopt},
    {"type99 alias", "x TYPE99 \"v=spf1 -all\"", "x", T::SPF, S::records, {"\"v=spf1 -all\""}, std::nullopt},
    {"spf not copied to txt", "x SPF \"v=spf1 -all\"", "x", T::TXT, S::nodata, {}, std::nullopt},
    {"mx",
     "example.com MX 10 Mail.Example.com.",
     "example.com",
     T::MX,
     S::records,
     {"10 mail.example.com"},
     std::nullopt},
    {"null mx", "example.com MX 0 .", "example.com", T::MX, S::records, {"0 ."}, std::nullopt},
    {"a", "mail A 192.0.2.1", "mail", T::A, S::records, {"192.0.2.1"}, std::nullopt},
    {"aaaa upper case", "h AAAA CAFE:BABE::1", "h", T::AAAA, S::records, {"cafe:babe::1"}, std::nullopt},
    {"aaaa embedded ipv4", "h AAAA ::ffff:192.0.2.1", "h", T::AAAA, S::records, {"::ffff:192.0.2.1"}, std::nullopt},
    {"ptr",
     "1.2.0.192.in-addr.arpa PTR Host.Example.",
     "1.2.0.192.in-addr.arpa",
     T::PTR,
     S::records,
     {"host.example"},
     std::nullopt},
    {"cname", "www CNAME host\nhost A 192.0.2.3", "www", T::A, S::records, {"192.0.2.3"}, std::nullopt},
    {"ttl and class", "x 300 IN A 192.0.2.1", "x", T::A, S::records, {"192.0.2.1"}, 300},
    {"class then ttl", "x in 301 A 192.0.2.1", "x", T::A, S::records, {"192.0.2.1"}, 301},
    {"$TTL default", "$TTL 120\nx A 192.0.2.1", "x", T::A, S::records, {"192.0.2.1"}, 120},
    {"default ttl 3600", "x a 192.0.2.1", "x", T::A, S::records, {"192.0.2.1"}, 3600},
    {"bare TIMEOUT", "slow TIMEOUT", "slow", T::TXT, S::tempfail, {}, std::nullopt},
    {"typed TIMEOUT its type", "half A 192.0.2.1\nhalf TIMEOUT AAAA", "half", T::AAAA, S::tempfail, {}, std::nullopt},
    {"typed TIMEOUT other type",
     "half A 192.0.2.1\nhalf TIMEOUT AAAA",
     "half",
     T::A,
     S::records,
     {"192.0.2.1"},
     std::nullopt},
    {"quoted owner with spaces",
     "\"a b%c.example\" TXT \"x\"",
     "a b%c.example",
     T::TXT,
     S::records,
     {"\"x\""},
     std::nullopt},
    {"comments crlf blanks",
     "; head\r\n\r\n  x A 192.0.2.1 ; tail\r\n",
     "x",
     T::A,
     S::records,
     {"192.0.2.1"},
     std::nullopt},
    {"empty text", "", "x", T::A, S::nxdomain, {}, std::nullopt},
};

struct ErrorCase {
    std::string label;
    std::string text;
    std::string want;  // the whole message
};
std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.label; }

const ErrorCase error_cases[] = {
    {"bad ipv4", "x A 192.0.2.1\ny A 192.0.2", "line 2: bad IPv4 address '192.0.2'"},
    {"ipv4 with NUL", std::string("x A \"1.2.3.4\\000x\""), "line 1: bad IPv4 address '1.2.3.4?x'"},
    {"bad ipv6", "x AAAA 1::2::3", "line 1: bad IPv6 address '1::2::3'"},
    {"unknown type", "x SOA a b", "line 1: unknown record type 'SOA'"},
    {"missing type", "x 300 IN", "line 1: missing record type"},
    {"a extra field", "x A 1.2.3.4 5", "line 1: A takes 1 field(s), got 2"},
    {"mx one field", "x MX 10", "line 1: MX takes 2 field(s), got 1"},
    {"mx pref too big", "x MX 65536 m", "line 1: bad MX preference '65536'"},
    {"mx pref not number", "x MX ten m", "line 1: bad MX preference 'ten'"},
    {"ttl too big", "x 2147483648 A 1.2.3.4", "line 1: bad TTL '2147483648'"},
    {"ttl huge", "x 99999999999999999999999 A 1.2.3.4", "line 1: bad TTL '99999999999999999999999'"},
    {"$TTL no number", "$TTL", "line 1: $TTL takes one number"},
    {"$TTL bad", "$TTL 1h", "line 1: bad TTL '1h'"},
    {"$ORIGIN", "$ORIGIN example.com.", "line 1: unsupported directive '$ORIGIN'"},
    {"at sign", "@ A 1.2.3.4", "line 1: '@' needs $ORIGIN, which is not supported"},
    {"unterminated", "x TXT \"abc", "line 1: unterminated quoted string"},
    {"quote in word", "x TXT ab\"c\"", "line 1: quote inside a word"},
    {"word after quote", "x TXT \"ab\"c", "line 1: quoted string must be followed by a blank"},
    {"bad escape digits", "x TXT \"\\12\"", "line 1: \\DDD escape needs three digits"},
    {"escape above 255", "x TXT \"\\256\"", "line 1: \\DDD escape above 255"},
    {"backslash at end", "x TXT \"ab\\", "line 1: backslash at end of line"},
    {"parentheses", "x TXT ( \"a\" )", "line 1: parentheses (multi-line records) are not supported"},
    {"txt no strings", "x TXT", "line 1: TXT/SPF needs at least one character-string"},
    {"string too long", "x TXT \"" + std::string(256, 'a') + "\"", "line 1: character-string longer than 255 octets"},
    {"rdata too long",
     "x TXT" +
         [] {
             std::string s;
             for (int i = 0; i < 300; ++i) s += " \"" + std::string(255, 'a') + "\"";
             return s;
         }(),
     "line 1: TXT/SPF data longer than 65535 octets"},
    {"timeout bad type", "x TIMEOUT SOA", "line 1: TIMEOUT takes at most one record type"},
    {"timeout two types", "x TIMEOUT A AAAA", "line 1: TIMEOUT takes at most one record type"},
    {"empty owner", "\"\" A 1.2.3.4", "line 1: empty owner name"},
    {"line number after crlf", "x A 1.2.3.4\r\n\r\n; c\r\nbad", "line 4: missing record type"},
    {"long token shown bounded", "x FOO" + std::string(100, 'Z'),
     "line 1: unknown record type 'FOO" + std::string(37, 'Z') + "...'"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(zone_text)

BOOST_DATA_TEST_CASE(parses, bdata::make(parse_cases), c) {
    auto zone = dns::parse_zone_text(c.text);
    BOOST_REQUIRE_MESSAGE(zone.ok(), "got error '" << error_of(zone) << "', want a zone");
    dns::ZoneResolver resolver(std::move(*zone));
    auto got = resolver.lookup(c.query, c.type, 5s);
    BOOST_TEST((got.status == c.status),
               "status: got " << dns::to_string(got.status) << ", want " << dns::to_string(c.status));
    BOOST_TEST(join(dns::format_records(got)) == join(c.records),
               "records: got " << join(dns::format_records(got)) << ", want " << join(c.records));
    if (c.ttl) BOOST_TEST((got.ttl == c.ttl), "ttl: got " << got.ttl.value_or(0) << ", want " << *c.ttl);
}

BOOST_DATA_TEST_CASE(rejects, bdata::make(error_cases), c) {
    auto zone = dns::parse_zone_text(c.text);
    BOOST_REQUIRE_MESSAGE(!zone.ok(), "got a zone, want error '" << c.want << "'");
    BOOST_TEST(zone.error().code == "zone-syntax", "code: got '" << zone.error().code << "', want 'zone-syntax'");
    BOOST_TEST(zone.error().message == c.want, "got '" << zone.error().message << "', want '" << c.want << "'");
}

// The exact bytes of a TXT string survive: NUL, high bytes, quotes.
BOOST_AUTO_TEST_CASE(txt_bytes_exact) {
    auto zone = dns::parse_zone_text(R"(x TXT "\000\255\"\\" "")");
    BOOST_REQUIRE(zone.ok());
    const auto& items = zone->owners().at("x");
    BOOST_REQUIRE_EQUAL(items.size(), 1u);
    const auto& txt = std::get<dns::TxtRecord>(items[0].data);
    std::vector<std::string> want = {std::string("\0\xff\"\\", 4), ""};
    BOOST_TEST((txt.strings == want),
               "got " << txt.strings.size() << " strings, want the 4 bytes 00 ff 22 5c and \"\"");
}

BOOST_AUTO_TEST_CASE(header_example_parses) {
    const char* text =
        "; comment\n"
        "example.com.        TXT  \"v=spf1 \" \"mx -all\"\n"
        "example.com         MX   10 mail.example.com\n"
        "mail.example.com    A    192.0.2.1\n"
        "slow.example.com    TIMEOUT          ; every type\n"
        "half.example.com    TIMEOUT AAAA     ; only AAAA\n";
    auto zone = dns::parse_zone_text(text);
    BOOST_REQUIRE_MESSAGE(zone.ok(), "got error '" << error_of(zone) << "'");
    BOOST_TEST(zone->owners().size() == 4u, "got " << zone->owners().size() << " owners, want 4");
}

BOOST_AUTO_TEST_SUITE_END()
