// Tests for nameserver configuration in libdns/src/ldns_resolver.cpp:
// dns::parse_nameserver and LdnsResolver::create (server lists, options, resolv.conf).
// No DNS traffic.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

#include "mailsec/dns/ldns_resolver.hpp"
#include "support/paths.hpp"
#include "testns_fixture.hpp"

namespace dns = mailsec::dns;
namespace testing = mailsec::testing;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;
using ldns_test::make_resolver;

BOOST_AUTO_TEST_SUITE(parse_nameserver)

struct NameserverCase {
    std::string text;
    bool valid;
    std::string address;
    std::uint16_t port;
};
std::ostream& operator<<(std::ostream& os, const NameserverCase& c) { return os << "'" << c.text << "'"; }

const NameserverCase nameserver_cases[] = {
    {"127.0.0.1", true, "127.0.0.1", 53},
    {"127.0.0.1:5353", true, "127.0.0.1", 5353},
    {"192.0.2.1:65535", true, "192.0.2.1", 65535},
    {"::1", true, "::1", 53},
    {"[::1]", true, "::1", 53},
    {"[::1]:5353", true, "::1", 5353},
    {"2001:DB8:0::1", true, "2001:db8::1", 53},
    {"[2001:db8::1]:53", true, "2001:db8::1", 53},
    {"2001:db8::1:53", true, "2001:db8::1:53", 53},  // bare IPv6 never carries a port: bracket it
    {"", false, "", 0},
    {"ns.example.com", false, "", 0},
    {"ns.example.com:53", false, "", 0},
    {"127.0.0.1:", false, "", 0},
    {"127.0.0.1:0", false, "", 0},
    {"127.0.0.1:65536", false, "", 0},
    {"127.0.0.1:53x", false, "", 0},
    {"127.0.0.1:+53", false, "", 0},
    {"127.0.0.1:-1", false, "", 0},
    {" 127.0.0.1", false, "", 0},
    {"1.2.3", false, "", 0},
    {"[::1", false, "", 0},
    {"[::1]x", false, "", 0},
    {"[::1]:", false, "", 0},
    {"[127.0.0.1]:53", false, "", 0},
    {"fe80::1%eth0", false, "", 0},
};

BOOST_DATA_TEST_CASE(cases, bdata::make(nameserver_cases), c) {
    auto got = dns::parse_nameserver(c.text);
    BOOST_TEST(got.ok() == c.valid, "ok: got " << got.ok() << ", want " << c.valid);
    if (got && c.valid) {
        BOOST_TEST(got->address == c.address, "address: got " << got->address << ", want " << c.address);
        BOOST_TEST(got->port == c.port, "port: got " << got->port << ", want " << c.port);
    }
    if (!got) BOOST_TEST(got.error().code == "bad-nameserver", "code: got " << got.error().code);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(create)

BOOST_AUTO_TEST_CASE(mixed_ports_are_an_error) {
    dns::LdnsOptions options;
    options.nameservers = {"127.0.0.1:5353", "[::1]:5354"};
    auto r = dns::LdnsResolver::create(options);
    BOOST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().code == "bad-nameserver", "code: got " << r.error().code << ", want bad-nameserver");
    BOOST_TEST(r.error().message.find("one port") != std::string::npos, "message: got " << r.error().message);
}

BOOST_AUTO_TEST_CASE(servers_keep_order_and_port) {
    auto r = make_resolver({"192.0.2.1:5353", "[2001:db8::1]:5353"});
    const auto& ns = r->nameservers();
    BOOST_REQUIRE_EQUAL(ns.size(), 2u);
    BOOST_TEST(ns[0].address == "192.0.2.1");
    BOOST_TEST(ns[1].address == "2001:db8::1");
    BOOST_TEST(ns[0].port == 5353);
    BOOST_TEST(ns[1].port == 5353);
}

BOOST_AUTO_TEST_CASE(bad_server_and_bad_options_are_errors) {
    dns::LdnsOptions options;
    options.nameservers = {"127.0.0.1", "ns.example.com"};
    BOOST_TEST(!dns::LdnsResolver::create(options).ok());
    options.nameservers = {"127.0.0.1"};
    options.retries = 0;
    BOOST_TEST(!dns::LdnsResolver::create(options).ok());
    options.retries = 1;
    options.timeout = 0ms;
    BOOST_TEST(!dns::LdnsResolver::create(options).ok());
}

BOOST_AUTO_TEST_CASE(resolv_conf_is_read) {
    testing::TempDir dir;
    auto path = dir.path() / "resolv.conf";
    testing::write_file(path,
                        "# test\nsearch example.com\nnameserver 192.0.2.53\nnameserver 2001:db8::53\n"
                        "options timeout:1 attempts:1\n");
    dns::LdnsOptions options;
    options.resolv_conf = path.string();
    auto r = dns::LdnsResolver::create(options);
    BOOST_REQUIRE_MESSAGE(r.ok(), (r ? "" : r.error().message));
    const auto& ns = (*r)->nameservers();
    BOOST_REQUIRE_EQUAL(ns.size(), 2u);
    BOOST_TEST(ns[0].address == "192.0.2.53");
    BOOST_TEST(ns[1].address == "2001:db8::53");
    BOOST_TEST(ns[0].port == 53);
}

BOOST_AUTO_TEST_CASE(missing_or_empty_resolv_conf_is_an_error) {
    testing::TempDir dir;
    dns::LdnsOptions options;
    options.resolv_conf = (dir.path() / "absent.conf").string();
    auto r = dns::LdnsResolver::create(options);
    BOOST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().code == "resolv-conf", "code: got " << r.error().code << ", want resolv-conf");
    testing::write_file(dir.path() / "empty.conf", "search example.com\n");
    options.resolv_conf = (dir.path() / "empty.conf").string();
    BOOST_TEST(!dns::LdnsResolver::create(options).ok());
}

BOOST_AUTO_TEST_SUITE_END()
