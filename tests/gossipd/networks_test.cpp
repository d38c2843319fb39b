// Tests for gossipd/src/networks.cpp: prefixes, the IPv4-mapped normalization and
// loopback (gossip.md §8: 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>

#include "networks.hpp"

namespace gossipd = mailsec::gossipd;
namespace bdata = boost::unit_test::data;

namespace {
struct Case {
    std::string network;
    std::string address;
    std::string want;  // "in", "out" or "error"
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.network << " " << c.address; }

const Case cases[] = {
    {"127.0.0.0/8", "127.1.2.3", "in"},          {"127.0.0.0/8", "::ffff:127.0.0.1", "in"},
    {"127.0.0.0/8", "128.0.0.1", "out"},         {"192.0.2.0/25", "192.0.2.127", "in"},
    {"192.0.2.0/25", "192.0.2.128", "out"},      {"192.0.2.7", "192.0.2.7", "in"},
    {"192.0.2.7", "192.0.2.8", "out"},           {"0.0.0.0/0", "203.0.113.1", "in"},
    {"0.0.0.0/0", "2001:db8::1", "out"},         {"::1", "::1", "in"},
    {"2001:db8::/32", "2001:db8:ffff::1", "in"}, {"2001:db8::/32", "2001:db9::1", "out"},
    {"::ffff:10.0.0.0/104", "10.9.9.9", "in"},   {"10.0.0.0/33", "10.0.0.1", "error"},
    {"10.0.0.0/", "10.0.0.1", "error"},          {"10.0.0.0/x", "10.0.0.1", "error"},
    {"example.com", "10.0.0.1", "error"},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(networks)

BOOST_DATA_TEST_CASE(contains, bdata::make(cases), c) {
    const auto n = gossipd::parse_network(c.network);
    std::string got = "error";
    if (n) got = n->contains(boost::asio::ip::make_address(c.address)) ? "in" : "out";
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(normalize_and_loopback) {
    using boost::asio::ip::make_address;
    BOOST_TEST(gossipd::address_text(make_address("::ffff:192.0.2.1")) == "192.0.2.1");
    BOOST_TEST(gossipd::address_text(make_address("2001:db8::1")) == "2001:db8::1");
    BOOST_TEST(gossipd::is_loopback(make_address("127.0.0.2")));
    BOOST_TEST(gossipd::is_loopback(make_address("::ffff:127.0.0.1")));
    BOOST_TEST(gossipd::is_loopback(make_address("::1")));
    BOOST_TEST(!gossipd::is_loopback(make_address("10.0.0.1")));
}

BOOST_AUTO_TEST_CASE(list) {
    auto l = gossipd::parse_networks({"10.0.0.0/8", "::1"});
    BOOST_REQUIRE(l);
    BOOST_TEST(l->contains(boost::asio::ip::make_address("10.2.3.4")));
    BOOST_TEST(!l->contains(boost::asio::ip::make_address("11.2.3.4")));
    BOOST_TEST(!gossipd::parse_networks({"10.0.0.0/8", "nope"}));
}

BOOST_AUTO_TEST_SUITE_END()
