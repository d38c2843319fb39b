// Tests for libdns/src/name.cpp and libdns/src/answer.cpp helpers.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "mailsec/dns/answer.hpp"
#include "mailsec/dns/resolver.hpp"

namespace dns = mailsec::dns;
namespace bdata = boost::unit_test::data;

namespace {
struct NameCase {
    std::string input;
    bool valid;
    std::string want;  // normalised name, or the error message fragment
};
std::ostream& operator<<(std::ostream& os, const NameCase& c) { return os << "'" << c.input << "'"; }

const NameCase name_cases[] = {
    {"Example.COM", true, "example.com"},
    {"example.com.", true, "example.com"},
    {".", true, ""},
    {"_spf.example.com", true, "_spf.example.com"},
    {"", false, "empty name"},
    {"..", false, "empty label"},
    {"a..b", false, "empty label"},
    {".example.com", false, "empty label"},
    {std::string(63, 'a') + ".com", true, std::string(63, 'a') + ".com"},
    {std::string(64, 'a') + ".com", false, "label longer than 63"},
    {std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(63, 'd') + ".ex",
     false, "longer than 253"},
    {"ex\xc3\xa9.com", false, "non-ASCII"},
    {"a b.com", false, "space"},
    {std::string("a\0b.com", 7), false, "control"},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(name)

BOOST_DATA_TEST_CASE(normalize_name, bdata::make(name_cases), c) {
    auto got = dns::normalize_name(c.input);
    BOOST_TEST_INFO("input '" << c.input << "'");
    BOOST_REQUIRE_EQUAL(got.ok(), c.valid);
    if (c.valid) {
        BOOST_TEST(*got == c.want);
    } else {
        BOOST_TEST(got.error().code == "invalid-name");
        BOOST_TEST(got.error().message.find(c.want) != std::string::npos,
                   "got '" << got.error().message << "', want it to contain '" << c.want << "'");
    }
}

BOOST_AUTO_TEST_CASE(record_type_round_trip) {
    for (auto t : {dns::RecordType::A, dns::RecordType::AAAA, dns::RecordType::MX, dns::RecordType::PTR,
                   dns::RecordType::TXT, dns::RecordType::SPF, dns::RecordType::CNAME}) {
        auto parsed = dns::parse_record_type(dns::to_string(t));
        BOOST_REQUIRE(parsed.has_value());
        BOOST_TEST(static_cast<int>(*parsed) == static_cast<int>(t));
    }
    BOOST_TEST(dns::parse_record_type("txt").has_value());
    BOOST_TEST(static_cast<int>(*dns::parse_record_type("type99")) == 99);
    BOOST_TEST(!dns::parse_record_type("SOA").has_value());
}

BOOST_AUTO_TEST_CASE(format_records_quotes_txt_strings) {
    dns::Answer a;
    a.status = dns::Status::records;
    a.type = dns::RecordType::TXT;
    a.txt.push_back(dns::TxtRecord{{"v=spf1 ", "-all"}});
    a.txt.push_back(dns::TxtRecord{{std::string("q\"\\\x80\0", 5)}});
    auto lines = dns::format_records(a);
    BOOST_REQUIRE_EQUAL(lines.size(), 2u);
    BOOST_TEST(lines[0] == "\"v=spf1 \" \"-all\"");
    BOOST_TEST(lines[1] == "\"q\\\"\\\\\\128\\000\"");
    BOOST_TEST(a.txt[0].joined() == "v=spf1 -all");
}

BOOST_AUTO_TEST_CASE(format_records_addresses_and_mx) {
    dns::Answer a;
    a.a.push_back({192, 0, 2, 1});
    a.aaaa.push_back({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    a.mx.push_back({10, "mail.example.com"});
    a.ptr.push_back("host.example.com");
    auto lines = dns::format_records(a);
    BOOST_REQUIRE_EQUAL(lines.size(), 4u);
    BOOST_TEST(lines[0] == "192.0.2.1");
    BOOST_TEST(lines[1] == "2001:db8::1");
    BOOST_TEST(lines[2] == "10 mail.example.com");
    BOOST_TEST(lines[3] == "host.example.com");
}

BOOST_AUTO_TEST_SUITE_END()
