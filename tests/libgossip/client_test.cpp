// libgossip/src/client.cpp against tiny in-test TCP servers (gossip.md §8 "Client
// library"): a real Node behind a socket, a silent server (read timeout), a server
// that hangs up (EOF, no spin), one that closes idle connections (reconnect once),
// ERROR replies as error values, and the §6 example exchange over TCP.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include "mailsec/gossip/client.hpp"
#include "mailsec/gossip/node.hpp"
#include "mailsec/gossip/sqlite_store.hpp"
#include "tcp_server.hpp"

namespace gossip = mailsec::gossip;
namespace core = mailsec::core;
using namespace std::chrono_literals;
using gossip_test::NodeServer;
using gossip_test::serve_lines;
using gossip_test::TestServer;

namespace {

std::string raw_exchange(std::uint16_t port, const std::string& bytes, std::size_t want_size) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    BOOST_REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    std::string got;
    while (got.size() < want_size) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 2000) <= 0) break;
        char chunk[512];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        got.append(chunk, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return got;
}

const gossip::Timeouts fast{500ms, 300ms};

}  // namespace

BOOST_AUTO_TEST_SUITE(client)

BOOST_AUTO_TEST_CASE(query_feedback_reset_against_a_node) {
    NodeServer s;
    gossip::Client c("127.0.0.1", s.server.port(), fast);
    auto a = c.query("U1", "example.com", "SPF");
    BOOST_REQUIRE_MESSAGE(a, "query: " << (a ? "" : a.error().message));
    BOOST_CHECK_EQUAL(a->action, "PREPEND");
    BOOST_CHECK_EQUAL(a->rep, 0);
    BOOST_CHECK(c.feedback("U1", true));
    a = c.query("U2", "example.com", "SPF");
    BOOST_REQUIRE(a);
    BOOST_CHECK_EQUAL(a->rep, -76);
    BOOST_CHECK(c.reset("example.com", "SPF"));
    a = c.query("U3", "example.com", "SPF");
    BOOST_REQUIRE(a);
    BOOST_CHECK_EQUAL(a->rep, 0);
    BOOST_CHECK_EQUAL(s.server.accepted(), 1);  // one persistent connection
}

BOOST_AUTO_TEST_CASE(example_exchange_over_tcp) {
    NodeServer s;
    const std::string want =
        "PREPEND X-GOSSiP: U1,0,0\n\n\n\nPREPEND X-GOSSiP: U2,-76,0\n\n\n\nERROR X-GOSSiP: -,0,0\n\nPREPEND X-GOSSiP: "
        "U3,0,0\n\n";
    const std::string got = raw_exchange(s.server.port(),
                                         "Q:example.com:SPF:1:U1\n\nF:U1:1\n\nQ:example.com:SPF:1:U2\r\nR:example.com:"
                                         "SPF\nX:junk\nQ:example.com:SPF:1:U3\n\n",
                                         want.size());
    BOOST_CHECK_MESSAGE(got == want, "got '" << got << "', want '" << want << "'");
}

BOOST_AUTO_TEST_CASE(invalid_request_is_refused_before_sending) {
    NodeServer s;
    gossip::Client c("127.0.0.1", s.server.port(), fast);
    auto a = c.query("bad umis", "example.com", "SPF");
    BOOST_REQUIRE(!a);
    BOOST_CHECK_EQUAL(a.error().code, "bad-request");
}

BOOST_AUTO_TEST_CASE(error_reply_is_an_error_value_and_stream_stays_in_step) {
    TestServer server([](int fd, const std::atomic<bool>& stop) {
        serve_lines(fd, stop, [](const std::string& line) {
            if (line.empty()) return std::pair<std::string, bool>{"", true};
            if (line.starts_with("Q:a")) return std::pair<std::string, bool>{"ERROR X-GOSSiP: U1,0,0\n\n", true};
            if (line.starts_with("F:")) return std::pair<std::string, bool>{"ERROR X-GOSSiP: U1,0,0\n\n", true};
            return std::pair<std::string, bool>{"PREPEND X-GOSSiP: U2,5,6\n\n", true};
        });
    });
    gossip::Client c("127.0.0.1", server.port(), fast);
    auto a = c.query("U1", "a.com", "SPF");
    BOOST_REQUIRE(!a);
    BOOST_CHECK_EQUAL(a.error().code, "error-reply");
    auto f = c.feedback("U1", false);
    BOOST_REQUIRE(!f);
    BOOST_CHECK_EQUAL(f.error().code, "error-reply");
    a = c.query("U2", "b.com", "SPF");
    BOOST_REQUIRE(a);
    BOOST_CHECK_EQUAL(a->cfi, 6);
}

BOOST_AUTO_TEST_CASE(silent_server_times_out) {
    TestServer server([](int fd, const std::atomic<bool>& stop) {
        serve_lines(fd, stop, [](const std::string&) { return std::pair<std::string, bool>{"", true}; });
    });
    gossip::Client c("127.0.0.1", server.port(), fast);
    const auto start = std::chrono::steady_clock::now();
    auto a = c.query("U1", "a.com", "SPF");
    const auto took = std::chrono::steady_clock::now() - start;
    BOOST_REQUIRE(!a);
    BOOST_CHECK_EQUAL(a.error().code, "timeout");
    BOOST_CHECK_MESSAGE(took < 2s, "took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                                           << " ms, want < 2000");
    BOOST_CHECK(!c.connected());
}

BOOST_AUTO_TEST_CASE(hangup_gives_eof_without_spinning) {
    TestServer server([](int, const std::atomic<bool>&) {});  // accept, close at once
    gossip::Client c("127.0.0.1", server.port(), fast);
    const auto start = std::chrono::steady_clock::now();
    auto a = c.query("U1", "a.com", "SPF");
    BOOST_REQUIRE(!a);
    BOOST_CHECK_MESSAGE(a.error().code == "eof" || a.error().code == "io", "got " << a.error().code << ", want eof");
    BOOST_CHECK(std::chrono::steady_clock::now() - start < 1s);
    BOOST_CHECK(!c.connected());
}

BOOST_AUTO_TEST_CASE(reconnects_once_after_idle_close) {
    // Answers one request per connection, then hangs up: every later request finds a
    // dead connection and must succeed through one reconnect.
    TestServer server([](int fd, const std::atomic<bool>& stop) {
        serve_lines(fd, stop, [](const std::string& line) {
            if (line.empty()) return std::pair<std::string, bool>{"", true};
            return std::pair<std::string, bool>{"PREPEND X-GOSSiP: U1,1,2\n\n", false};
        });
    });
    gossip::Client c("127.0.0.1", server.port(), fast);
    for (int i = 0; i < 3; ++i) {
        std::this_thread::sleep_for(50ms);
        auto a = c.query("U1", "a.com", "SPF");
        BOOST_REQUIRE_MESSAGE(a, "query " << i << ": " << (a ? "" : a.error().message));
        BOOST_CHECK_EQUAL(a->cfi, 2);
    }
    BOOST_CHECK_EQUAL(server.accepted(), 3);
}

BOOST_AUTO_TEST_CASE(refused_connection_is_an_error) {
    std::uint16_t port = 0;
    {
        TestServer server([](int, const std::atomic<bool>&) {});
        port = server.port();
    }
    gossip::Client c("127.0.0.1", port, fast);
    auto a = c.query("U1", "a.com", "SPF");
    BOOST_REQUIRE(!a);
    BOOST_CHECK_EQUAL(a.error().code, "connect");
}

BOOST_AUTO_TEST_SUITE_END()
