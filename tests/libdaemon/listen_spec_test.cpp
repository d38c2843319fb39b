// Tests for libdaemon/src/listen_spec.cpp: srsd's unix:/inet: specs (srs.md §8a) and
// gossipd's host:port forms (gossip.md §8).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "mailsec/daemon/listen.hpp"

namespace md = mailsec::daemon;
namespace bdata = boost::unit_test::data;

namespace {

struct SpecCase {
    std::string name;
    std::string text;
    std::string want;  // "unix|<path>", "inet|<host>|<port>" or "error:<fragment of message>"
};
std::ostream& operator<<(std::ostream& os, const SpecCase& c) { return os << c.name; }

std::string describe(const mailsec::core::Result<md::ListenSpec>& r) {
    if (!r) return "error:" + r.error().message;
    if (r->kind == md::ListenSpec::Kind::unix_socket) return "unix|" + r->path;
    return "inet|" + r->host + "|" + std::to_string(r->port);
}

bool matches(const std::string& got, const std::string& want) {
    if (want.rfind("error:", 0) == 0)
        return got.rfind("error:", 0) == 0 && got.find(want.substr(6)) != std::string::npos;
    return got == want;
}

const SpecCase listen_cases[] = {
    {"unix", "unix:/run/srsd/srsd.sock", "unix|/run/srsd/srsd.sock"},
    {"unix upper prefix", "UNIX:/tmp/s", "unix|/tmp/s"},
    {"unix trimmed", "  unix:/tmp/s  ", "unix|/tmp/s"},
    {"unix relative", "unix:run/s.sock", "error:must be absolute"},
    {"unix empty", "unix:", "error:must be absolute"},
    {"inet v4", "inet:127.0.0.1:10001", "inet|127.0.0.1|10001"},
    {"inet name", "inet:localhost:25", "inet|localhost|25"},
    {"inet v6", "inet:[::1]:10001", "inet|::1|10001"},
    {"inet v6 any", "inet:[::]:10001", "inet|::|10001"},
    {"inet v6 unbracketed", "inet:::1:10001", "error:brackets"},
    {"inet no port", "inet:127.0.0.1", "error:missing :PORT"},
    {"inet empty port", "inet:127.0.0.1:", "error:empty port"},
    {"inet port 0", "inet:127.0.0.1:0", "error:port must be 1..65535"},
    {"inet port too big", "inet:127.0.0.1:65536", "error:port must be 1..65535"},
    {"inet port junk", "inet:127.0.0.1:smtp", "error:port must be 1..65535"},
    {"inet empty host", "inet::25", "error:bad host"},
    {"inet v6 no close", "inet:[::1:25", "error:missing ']'"},
    {"inet v6 junk after", "inet:[::1]x25", "error:expected ':PORT'"},
    {"inet brackets v4", "inet:[127.0.0.1]:25", "error:brackets hold an IPv6"},
    {"milter form", "inet:25@127.0.0.1", "error:PORT@HOST form"},
    {"bare path", "/run/s.sock", "error:expected unix:/path"},
    {"tcp prefix", "tcp:127.0.0.1:1", "error:expected unix:/path"},
};

const SpecCase host_port_cases[] = {
    {"host:port", "127.0.0.1:11900", "inet|127.0.0.1|11900"},
    {"name:port", "peer.example:12000", "inet|peer.example|12000"},
    {"[v6]:port", "[::1]:11900", "inet|::1|11900"},
    {"[v6] alone", "[2001:db8::1]", "inet|2001:db8::1|11900"},
    {"port", "12345", "inet||12345"},
    {"host", "peer.example", "inet|peer.example|11900"},
    {"v4 host", "10.0.0.1", "inet|10.0.0.1|11900"},
    {"bare v6", "::1", "inet|::1|11900"},
    {"bare v6 long", "2001:db8::25", "inet|2001:db8::25|11900"},
    {"port 0", "0", "error:port must be 1..65535"},
    {"port too big", "70000", "error:port must be 1..65535"},
    {"empty", "  ", "error:empty"},
    {"bad port", "host:x", "error:port must be"},
    {"empty port", "host:", "error:empty port"},
    {"space in host", "a b:1", "error:bad host"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(listen_spec)

BOOST_DATA_TEST_CASE(parse_listen, bdata::make(listen_cases), c) {
    std::string got = describe(md::parse_listen(c.text));
    BOOST_TEST(matches(got, c.want), c.name << ": got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(parse_host_port, bdata::make(host_port_cases), c) {
    std::string got = describe(md::parse_host_port(c.text, 11900));
    BOOST_TEST(matches(got, c.want), c.name << ": got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(errors_have_code) {
    auto r = md::parse_listen("nope");
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().code == "bad-listen");
}

BOOST_AUTO_TEST_CASE(text_round_trips) {
    for (std::string text : {"unix:/tmp/a.sock", "inet:127.0.0.1:25", "inet:[::1]:10001", "inet:localhost:1"}) {
        auto r = md::parse_listen(text);
        BOOST_REQUIRE(r);
        BOOST_TEST(r->text() == text, "got " << r->text() << ", want " << text);
    }
}

BOOST_AUTO_TEST_CASE(list) {
    auto r = md::parse_listen_list("unix:/a, inet:[::1]:2 ,,inet:127.0.0.1:3");
    BOOST_REQUIRE(r);
    BOOST_REQUIRE(r->size() == 3u);
    BOOST_TEST((*r)[1].host == "::1");
    auto bad = md::parse_listen_list("unix:/a, inet:x");
    BOOST_REQUIRE(!bad);
    BOOST_TEST(bad.error().message.find("inet:x") != std::string::npos, bad.error().message);
    BOOST_TEST(!md::parse_listen_list(" , "));
}

BOOST_AUTO_TEST_SUITE_END()
