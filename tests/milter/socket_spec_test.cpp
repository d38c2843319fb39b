// Tests for milter/src/socket_spec.cpp: libmilter socket specs (milter.md 1.8).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mailsec/milter/runner.hpp"

namespace milter = mailsec::milter;
namespace bdata = boost::unit_test::data;

namespace {

struct SpecCase {
    const char* spec;
    bool ok;
    milter::SocketSpec::Kind kind;
    const char* path_or_port;
    const char* host;
};
std::ostream& operator<<(std::ostream& os, const SpecCase& c) { return os << c.spec; }

const SpecCase kSpecs[] = {
    {"unix:/run/m.sock", true, milter::SocketSpec::Unix, "/run/m.sock", ""},
    {"local:/run/m.sock", true, milter::SocketSpec::Unix, "/run/m.sock", ""},
    {"/run/m.sock", true, milter::SocketSpec::Unix, "/run/m.sock", ""},
    {"inet:8894@127.0.0.1", true, milter::SocketSpec::Inet, "8894", "127.0.0.1"},
    {"inet:8894", true, milter::SocketSpec::Inet, "8894", ""},
    {"inet:smtp@[127.0.0.1]", true, milter::SocketSpec::Inet, "smtp", "127.0.0.1"},
    {"inet6:8894@[::1]", true, milter::SocketSpec::Inet6, "8894", "::1"},
    {"inet6:8894@::1", true, milter::SocketSpec::Inet6, "8894", "::1"},
    {"", false, milter::SocketSpec::Unix, "", ""},
    {"unix:relative", false, milter::SocketSpec::Unix, "", ""},
    {"inet:99999@127.0.0.1", false, milter::SocketSpec::Inet, "", ""},
    {"inet:@127.0.0.1", false, milter::SocketSpec::Inet, "", ""},
    {"inet:25@", false, milter::SocketSpec::Inet, "", ""},
    {"inet6:25@[::1", false, milter::SocketSpec::Inet6, "", ""},
    {"fd:3", false, milter::SocketSpec::Unix, "", ""},
    {"tcp:25", false, milter::SocketSpec::Unix, "", ""},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(socket_spec)

BOOST_DATA_TEST_CASE(parse, bdata::make(kSpecs), c) {
    auto r = milter::parse_socket_spec(c.spec);
    BOOST_TEST(r.ok() == c.ok, "got " << (r ? "ok" : r.error().message) << ", want " << (c.ok ? "ok" : "error"));
    if (!r || !c.ok) return;
    BOOST_TEST(r->kind == c.kind);
    BOOST_TEST((c.kind == milter::SocketSpec::Unix ? r->path : r->port) == c.path_or_port);
    BOOST_TEST(r->host == c.host);
}

BOOST_AUTO_TEST_CASE(esmtp_parameters) {
    std::vector<std::string> args{"size=100", "BODY=8BITMIME", "SMTPUTF8", "x=a=b"};
    auto m = milter::parse_esmtp(args);
    BOOST_TEST(m.at("SIZE").value() == "100");
    BOOST_TEST(m.at("BODY").value() == "8BITMIME");
    BOOST_TEST(!m.at("SMTPUTF8").has_value());
    BOOST_TEST(m.at("X").value() == "a=b");
}

BOOST_AUTO_TEST_SUITE_END()
