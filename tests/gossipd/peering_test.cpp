// Two gossipd nodes on loopback peering with each other (gossip.md §5, §8): a ttl 2
// query reaches the peer and combines its answer; a stopped peer and a black-holed
// peer (accepts, never answers) bound the query by the peer deadline; keyed peers
// (HMAC) still combine, a wrongly keyed one is a failure. Node A is 127.0.0.1, node
// B 127.0.0.2; test clients use source 127.0.0.3 when talking to B, so B does not
// take them for its peer A.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <thread>

#include "line_client.hpp"
#include "node_fixture.hpp"

using gossipd_test::GossipNode;
using gossipd_test::LineClient;
using Clock = std::chrono::steady_clock;

namespace {

// Spam votes on B for `id`:SPF through a client that is not A, spread over 300 ms
// so that B's confidence (maxobs 8) is well above 1 right after.
void seed_spam(const GossipNode& b, const std::string& id, int votes) {
    LineClient c(b.port, b.host, "127.0.0.3");
    for (int i = 0; i < votes; ++i) {
        const auto u = "S" + std::to_string(i);
        const auto got = c.request("Q:" + id + ":SPF:0:" + u);
        BOOST_REQUIRE_MESSAGE(got.find("X-GOSSiP: " + u + ",") != std::string::npos,
                              "seeding " << b.address() << ": got " << got << "\n"
                                         << b.log());
        BOOST_REQUIRE(c.request("F:" + u + ":1") == "");
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds{300});
    }
}

struct Pair {
    GossipNode a;
    GossipNode b{"", "127.0.0.2"};
    explicit Pair(const std::string& extra_a = "", const std::string& extra_b = "") {
        a.extra = "peers = " + b.address() + "\n" + extra_a;
        b.extra = "peers = " + a.address() + "\nmaxobs = 8\n" + extra_b;
    }
    bool start() { return a.start() && b.start(); }
};

long ms_since(Clock::time_point t) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count());
}

// A TCP listener that completes handshakes (the kernel does) and never answers.
struct BlackHole {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int port = 0;
    BlackHole() {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        ::inet_pton(AF_INET, "127.0.0.4", &a.sin_addr);
        socklen_t len = sizeof a;
        ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(fd, 64);
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
    }
    ~BlackHole() { ::close(fd); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(peering)

BOOST_AUTO_TEST_CASE(ttl_2_reaches_the_peer_and_combines) {
    Pair p;
    BOOST_REQUIRE_MESSAGE(p.start(), "A:\n" << p.a.log() << "\nB:\n" << p.b.log());
    seed_spam(p.b, "spam.example", 8);
    LineClient c(p.a.port);
    const auto local = c.request("Q:spam.example:SPF:0:T0");
    BOOST_TEST(local == "PREPEND X-GOSSiP: T0,0,0", "ttl 0 stays local: got " << local);
    const auto combined = c.request("Q:spam.example:SPF:2:T2");
    BOOST_TEST((combined.starts_with("PREPEND X-GOSSiP: T2,-76,") || combined.starts_with("REJECT X-GOSSiP: T2,-76,")),
               "got " << combined << ", want B's -76 combined in");
    BOOST_TEST(combined.find(",-76,0") == std::string::npos, "got " << combined << ", want B's cfi > 0");
    BOOST_TEST(
        p.b.log().find("query client=127.0.0.1 key=spam.example:SPF umis=T2") != std::string::npos, "B's log:\n"
                                                                                                        << p.b.log());
    // Feedback from the asking client still works for a query that went to a peer.
    BOOST_TEST(c.request("F:T2:0") == "");
    BOOST_TEST(p.a.log().find("feedback client=127.0.0.1 umis=T2") != std::string::npos, p.a.log());
}

BOOST_AUTO_TEST_CASE(stopped_peer_does_not_stall_queries) {
    Pair p;
    BOOST_REQUIRE_MESSAGE(p.start(), "A:\n" << p.a.log() << "\nB:\n" << p.b.log());
    LineClient c(p.a.port);
    BOOST_TEST(c.request("Q:x.example:SPF:2:D1").starts_with("PREPEND"));  // a persistent link to B exists now
    p.b.stop();
    for (const char* u : {"D2", "D3"}) {
        const auto t = Clock::now();
        const auto got = c.request(std::string("Q:x.example:SPF:2:") + u);
        BOOST_TEST(got == std::string("PREPEND X-GOSSiP: ") + u + ",0,0", "got " << got);
        BOOST_TEST(ms_since(t) < 1500, "query took " << ms_since(t) << " ms, want < 1500 (peer_timeout 1 s)");
    }
}

BOOST_AUTO_TEST_CASE(black_holed_peer_is_bounded_by_its_deadline) {
    BlackHole hole;
    GossipNode c("peers = 127.0.0.4:" + std::to_string(hole.port) + "\n");
    BOOST_REQUIRE_MESSAGE(c.start(), c.log());
    LineClient slow(c.port);
    LineClient quick(c.port);
    const auto t = Clock::now();
    BOOST_REQUIRE(slow.send("Q:x.example:SPF:1:H1\n\n"));
    // The event loop keeps serving other clients meanwhile.
    BOOST_TEST(quick.request("Q:x.example:SPF:0:H0") == "PREPEND X-GOSSiP: H0,0,0");
    BOOST_TEST(ms_since(t) < 500, "an unrelated query waited " << ms_since(t) << " ms");
    const auto got = slow.read_reply(std::chrono::seconds{5});
    const auto took = ms_since(t);
    BOOST_TEST(got == "PREPEND X-GOSSiP: H1,0,0\n\n", "got " << got);
    BOOST_TEST(took >= 900, "took " << took << " ms, want the 1 s deadline");
    BOOST_TEST(took < 2000, "took " << took << " ms, want < 2000");
    const auto t2 = Clock::now();
    BOOST_TEST(slow.request("Q:x.example:SPF:1:H2") == "PREPEND X-GOSSiP: H2,0,0");
    BOOST_TEST(ms_since(t2) < 500, "backing off: took " << ms_since(t2) << " ms");
    BOOST_TEST(c.log().find("peer failed") != std::string::npos, c.log());
}

BOOST_AUTO_TEST_CASE(keyed_peers_combine_and_a_wrong_key_fails) {
    Pair p("peer_secret = shared one\n", "peer_secret = shared one\n");
    BOOST_REQUIRE_MESSAGE(p.start(), "A:\n" << p.a.log() << "\nB:\n" << p.b.log());
    seed_spam(p.b, "keyed.example", 8);
    LineClient c(p.a.port);
    const auto got = c.request("Q:keyed.example:SPF:1:K1");
    BOOST_TEST(got.find("K1,-76,") != std::string::npos, "got " << got << "\nA:\n" << p.a.log());

    Pair wrong("peer_secret = one\n", "peer_secret = another\n");
    BOOST_REQUIRE(wrong.start());
    seed_spam(wrong.b, "keyed.example", 8);
    LineClient w(wrong.a.port);
    const auto refused = w.request("Q:keyed.example:SPF:1:K2");
    BOOST_TEST(refused == "PREPEND X-GOSSiP: K2,0,0", "got " << refused);
    BOOST_TEST(wrong.b.log().find("peer authentication failed") != std::string::npos, wrong.b.log());
}

BOOST_AUTO_TEST_SUITE_END()
