// Tests for libspf/src/ip_address.cpp.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "mailsec/spf/ip_address.hpp"

namespace spf = mailsec::spf;
namespace bdata = boost::unit_test::data;

namespace {
struct ParseCase {
    std::string input;
    bool valid;
    bool v4;
    std::string c;  // %{c}
    std::string i;  // %{i}
};
std::ostream& operator<<(std::ostream& os, const ParseCase& c) { return os << "'" << c.input << "'"; }

const std::string v6_nibbles = "2.0.0.1.0.D.B.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.C.B.0.1";

const ParseCase parse_cases[] = {
    {"192.0.2.3", true, true, "192.0.2.3", "192.0.2.3"},
    {"0.0.0.0", true, true, "0.0.0.0", "0.0.0.0"},
    {"255.255.255.255", true, true, "255.255.255.255", "255.255.255.255"},
    {"2001:db8::cb01", true, false, "2001:db8::cb01", v6_nibbles},
    {"2001:DB8::CB01", true, false, "2001:db8::cb01", v6_nibbles},
    {"CAFE:BABE::192.168.218.40", true, false, "cafe:babe::c0a8:da28",
     "C.A.F.E.B.A.B.E.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.C.0.A.8.D.A.2.8"},
    {"::FFFF:1.2.3.4", true, true, "1.2.3.4", "1.2.3.4"},
    {"::ffff:102:304", true, true, "1.2.3.4", "1.2.3.4"},
    {"::1", true, false, "::1", "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1"},
    {"::", true, false, "::", "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"},
    {"1:0:0:1:0:0:0:1", true, false, "1:0:0:1::1", "0.0.0.1.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1"},
    {"1:0:2:3:4:5:6:7", true, false, "1:0:2:3:4:5:6:7", "0.0.0.1.0.0.0.0.0.0.0.2.0.0.0.3.0.0.0.4.0.0.0.5.0.0.0.6.0.0.0.7"},
    {"", false, false, "", ""},
    {"1.2.3", false, false, "", ""},
    {"1.2.3.4.5", false, false, "", ""},
    {"1.2.3.256", false, false, "", ""},
    {"01.2.3.4", false, false, "", ""},
    {"1.2.3.4 ", false, false, "", ""},
    {"1:2:3:4:5:6:7:8:9", false, false, "", ""},
    {"1::2::3", false, false, "", ""},
    {":CAFE::BABE", false, false, "", ""},
    {"12345::", false, false, "", ""},
    {"::g", false, false, "", ""},
    {"1.2.3.4::", false, false, "", ""},
    {"1:2:3:4:5:6:7::8", false, false, "", ""},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(ip_address)

BOOST_DATA_TEST_CASE(parse, bdata::make(parse_cases), c) {
    auto ip = spf::IpAddress::parse(c.input);
    BOOST_TEST(ip.ok() == c.valid, "'" << c.input << "': got valid=" << ip.ok() << ", want " << c.valid);
    if (!ip || !c.valid) return;
    BOOST_TEST(ip->is_v4() == c.v4, "got is_v4 " << ip->is_v4() << ", want " << c.v4);
    BOOST_TEST(ip->to_string() == c.c, "got %{c} '" << ip->to_string() << "', want '" << c.c << "'");
    BOOST_TEST(ip->macro_i() == c.i, "got %{i} '" << ip->macro_i() << "', want '" << c.i << "'");
}

BOOST_AUTO_TEST_CASE(reverse_names) {
    BOOST_TEST(spf::IpAddress::parse("192.0.2.3")->reverse_name() == "3.2.0.192.in-addr.arpa");
    BOOST_TEST(spf::IpAddress::parse("2001:db8::cb01")->reverse_name() ==
               "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
}

namespace {
struct NetCase {
    std::string client, network;
    bool network_v6_raw;
    int prefix;
    bool want;
};
std::ostream& operator<<(std::ostream& os, const NetCase& c) {
    return os << c.client << " in " << c.network << "/" << c.prefix;
}
const NetCase net_cases[] = {
    {"192.0.2.3", "192.0.2.0", false, 24, true},
    {"192.0.2.3", "192.0.3.0", false, 24, false},
    {"192.0.2.3", "10.0.0.0", false, 0, true},
    {"192.0.2.3", "192.0.2.2", false, 31, true},
    {"192.0.2.3", "192.0.2.2", false, 32, false},
    {"192.0.2.3", "192.0.2.3", false, 33, false},
    {"2001:db8::1", "2001:db8::", true, 32, true},
    {"2001:db8::1", "2001:db9::", true, 32, false},
    {"2001:db8::1", "::", true, 0, true},
    {"::ffff:1.2.3.4", "::ffff:0:0", true, 96, false},  // mapped is IPv4: never in an ip6 network
    {"::ffff:1.2.3.4", "1.2.3.0", false, 24, true},
    {"2001:db8::1", "0.0.0.0", false, 0, false},        // ip4 never matches IPv6
};
}  // namespace

BOOST_DATA_TEST_CASE(in_network, bdata::make(net_cases), c) {
    auto client = spf::IpAddress::parse(c.client);
    BOOST_REQUIRE(client.ok());
    spf::IpAddress network = c.network_v6_raw ? spf::IpAddress::v6_unmapped(*spf::parse_ipv6(c.network))
                                              : *spf::IpAddress::parse(c.network);
    bool got = client->in_network(network, c.prefix);
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_SUITE_END()
