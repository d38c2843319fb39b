// Tests for the small pure pieces: address lists (address_list.cpp), sender and
// HELO helpers (filter.cpp), reply lines and explanations (policy.cpp), header
// helpers (headers.cpp).
#include <boost/test/unit_test.hpp>

#include <string>

#include "address_list.hpp"
#include "filter.hpp"
#include "headers.hpp"
#include "mailsec/dns/zone_resolver.hpp"
#include "policy.hpp"

namespace sm = mailsec::spfmilter;
namespace dns = mailsec::dns;

BOOST_AUTO_TEST_SUITE(address_list)

BOOST_AUTO_TEST_CASE(networks_globs_and_host_names) {
    dns::Zone zone;
    zone.add_a("relay.example", {198, 51, 100, 7});
    zone.add_aaaa("relay.example", {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    dns::ZoneResolver resolver(std::move(zone));
    auto list = sm::AddressList::parse({"127.0.0.1", "10.0.0.0/8", "2001:db8:1::/48", "192.168.0.*", "relay.example/24"},
                                       resolver);
    BOOST_REQUIRE(list);
    for (const char* in : {"127.0.0.1", "10.200.1.1", "2001:db8:1::5", "192.168.0.33", "198.51.100.200", "2001:db8::1",
                           "::ffff:10.0.0.1"})
        BOOST_TEST(list->contains(in), in);
    for (const char* out : {"127.0.0.2", "11.0.0.1", "2001:db8:2::1", "192.168.1.1", "198.51.101.1"})
        BOOST_TEST(!list->contains(out), out);
    BOOST_TEST(!sm::AddressList::parse({"10.0.0.0/33"}, resolver));
    BOOST_TEST(!sm::AddressList::parse({"unknown.example"}, resolver));
    BOOST_TEST(sm::AddressList::parse({}, resolver)->empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(helpers)

BOOST_AUTO_TEST_CASE(normalize_sender) {
    BOOST_TEST(sm::normalize_sender("<Bob@Example.COM>") == "Bob@example.com");
    BOOST_TEST(sm::normalize_sender("<>") == "");
    BOOST_TEST(sm::normalize_sender("bob") == "bob@localhost.localdomain");
}

BOOST_AUTO_TEST_CASE(numeric_helo) {
    for (const char* yes : {"1.2.3.4", "999.1.1.1", "2001:db8::1", "::1"}) BOOST_TEST(sm::is_numeric_helo(yes), yes);
    for (const char* no : {"[1.2.3.4]", "1.2.3", "1.2.3.4.5", "a.2.3.4", "mx.example", "[IPv6:::1]", ""})
        BOOST_TEST(!sm::is_numeric_helo(no), no);
}

BOOST_AUTO_TEST_CASE(reply_line_is_safe_for_setreply) {
    BOOST_TEST(sm::reply_line("100% sure\r\nnext") == "100%% sure  next");
    BOOST_TEST(sm::reply_line(std::string("a\0b", 3)) == "a b");
    BOOST_TEST(sm::reply_line("") == "rejected by SPF policy");
    BOOST_TEST(sm::reply_line(std::string(2000, 'x')).size() <= 980u);
}

BOOST_AUTO_TEST_CASE(authserv_id_matching) {
    BOOST_TEST(sm::has_authserv_id("mx.example; spf=pass", "MX.example"));
    BOOST_TEST(sm::has_authserv_id(" (comment (nested)) mx.example 1; none", "mx.example"));
    BOOST_TEST(!sm::has_authserv_id("mx.example.evil; none", "mx.example"));
    BOOST_TEST(!sm::has_authserv_id("", "mx.example"));
}

BOOST_AUTO_TEST_CASE(append_to_first_comment) {
    BOOST_TEST(sm::append_to_first_comment("None (a: b \\) c) x=y (z)", "best guess: pass") ==
               "None (a: b \\) c; best guess: pass) x=y (z)");
}

BOOST_AUTO_TEST_SUITE_END()
