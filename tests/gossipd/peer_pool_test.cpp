// Tests for gossipd/src/peer_pool.cpp and peer_link.cpp against in-process fake
// peers on the same event loop (gossip.md §5, §8): answers in configured order, all
// peers asked in parallel, per-peer deadlines, back-off, UMIS mismatch, ERROR and
// bad replies as failures, persistent connections, HMAC both ways.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <optional>
#include <ostream>
#include <sstream>

#include "mailsec/gossip/peer_auth.hpp"
#include "peer_pool.hpp"

namespace gossipd = mailsec::gossipd;
namespace gossip = mailsec::gossip;
namespace md = mailsec::daemon;
namespace asio = boost::asio;
namespace bdata = boost::unit_test::data;
using asio::ip::tcp;

namespace {

// Answers each request line with reply(line); nullopt = never answer (black hole).
using Reply = std::function<std::optional<std::string>(const std::string&)>;

struct FakeConnection : std::enable_shared_from_this<FakeConnection> {
    tcp::socket socket;
    Reply reply;
    std::string buffer;
    std::array<char, 4096> in{};
    FakeConnection(tcp::socket s, Reply r) : socket(std::move(s)), reply(std::move(r)) {}
    void read() {
        socket.async_read_some(asio::buffer(in), [self = shared_from_this()](auto ec, std::size_t n) {
            if (ec) return;
            self->buffer.append(self->in.data(), n);
            for (auto nl = self->buffer.find('\n'); nl != std::string::npos; nl = self->buffer.find('\n')) {
                auto line = self->buffer.substr(0, nl);
                self->buffer.erase(0, nl + 1);
                if (line.empty()) continue;
                if (auto r = self->reply(line)) {
                    auto out = std::make_shared<std::string>(*r + "\n\n");
                    asio::async_write(self->socket, asio::buffer(*out), [out, self](auto, std::size_t) {});
                }
            }
            self->read();
        });
    }
};

struct FakePeer {
    tcp::acceptor acceptor;
    Reply reply;
    int connections = 0;
    FakePeer(asio::io_context& io, Reply r)
        : acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), reply(std::move(r)) {
        accept();
    }
    void accept() {
        acceptor.async_accept([this](auto ec, tcp::socket s) {
            if (ec) return;
            ++connections;
            std::make_shared<FakeConnection>(std::move(s), reply)->read();
            accept();
        });
    }
    std::uint16_t port() const { return acceptor.local_endpoint().port(); }
};

std::string umis_of(const std::string& line) {
    auto q = gossip::parse_request(line);
    return q ? std::get<gossip::QueryRequest>(*q).umis : "?";
}
Reply answers(int rep, int cfi) {
    return [=](const std::string& l) {
        return "PREPEND X-GOSSiP: " + umis_of(l) + "," + std::to_string(rep) + "," + std::to_string(cfi);
    };
}
Reply fixed(std::string line) {
    return [=](const std::string&) { return line; };
}
Reply black_hole() {
    return [](const std::string&) { return std::nullopt; };
}

struct Harness {
    asio::io_context io;
    std::ostringstream out;
    std::vector<std::unique_ptr<FakePeer>> fakes;
    std::unique_ptr<gossipd::PeerDirectory> dir;
    std::unique_ptr<gossipd::PeerPool> pool;
    mailsec::core::SystemClock clock;

    // `secret` keys every peer (the fakes must then sign themselves).
    explicit Harness(std::vector<Reply> replies, std::string secret = "") {
        std::vector<gossipd::PeerSpec> specs;
        for (auto& r : replies) {
            fakes.push_back(std::make_unique<FakePeer>(io, std::move(r)));
            specs.push_back({"p" + std::to_string(specs.size()), "127.0.0.1", fakes.back()->port(), secret});
        }
        auto log = md::Logger::to_stream(out, md::Severity::debug, "t", std::make_shared<mailsec::core::SystemClock>());
        dir = std::make_unique<gossipd::PeerDirectory>(io, specs, log);
        dir->resolve_all();
        gossipd::PeerTimeouts t;
        t.connect = std::chrono::milliseconds{500};
        t.answer = std::chrono::milliseconds{300};
        pool = std::make_unique<gossipd::PeerPool>(io, *dir, t, clock, log);
    }
    // One ask of every peer; the answers as "rep/cfi" or "-" joined by ' ', and the time taken.
    std::string ask(const std::string& umis, long* took_ms = nullptr) {
        std::optional<gossipd::PeerPool::Answers> got;
        const auto t = std::chrono::steady_clock::now();
        pool->ask({"example.com", "SPF", 0, umis, std::nullopt}, std::vector<bool>(fakes.size(), true),
                  [&](gossipd::PeerPool::Answers a) { got = std::move(a); });
        io.restart();
        while (!got && io.run_one_for(std::chrono::seconds{3})) {
        }
        if (took_ms)
            *took_ms = static_cast<long>(
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count());
        if (!got) return "<no callback>";
        std::string s;
        for (const auto& a : *got)
            s += (s.empty() ? "" : " ") + (a ? std::to_string(a->rep) + "/" + std::to_string(a->cfi) : "-");
        return s;
    }
};

struct Case {
    std::string name;
    std::vector<Reply> replies;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

std::vector<Case> cases() {
    return {
        {"answers in configured order", {answers(-76, 50), answers(10, 3)}, "-76/50 10/3"},
        {"unclamped ints passed on (the node clamps)", {answers(-500, 900)}, "-500/900"},
        {"black hole is a failure", {black_hole(), answers(5, 5)}, "- 5/5"},
        {"umis mismatch", {fixed("PREPEND X-GOSSiP: OTHER,-76,50")}, "-"},
        {"error reply", {fixed("ERROR X-GOSSiP: U1,0,0")}, "-"},
        {"garbage reply", {fixed("HELLO")}, "-"},
        {"reject action accepted", {answers(-70, 90)}, "-70/90"},
    };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peer_pool)

BOOST_DATA_TEST_CASE(one_ask, bdata::make(cases()), c) {
    Harness h(c.replies);
    const auto got = h.ask("U1");
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want << "\n" << h.out.str());
}

BOOST_AUTO_TEST_CASE(peers_are_asked_in_parallel) {
    Harness h({black_hole(), black_hole(), black_hole(), answers(1, 1)});
    long took = 0;
    const auto got = h.ask("U1", &took);
    BOOST_TEST(got == "- - - 1/1");
    BOOST_TEST(took < 700, "took " << took << " ms, want about one 300 ms deadline, not three");
    BOOST_TEST(took >= 250, "took " << took << " ms, want the deadline");
}

BOOST_AUTO_TEST_CASE(failed_peer_backs_off) {
    Harness h({black_hole()});
    BOOST_TEST(h.ask("U1") == "-");
    BOOST_TEST(h.pool->backing_off(0));
    long took = 0;
    BOOST_TEST(h.ask("U2", &took) == "-");
    BOOST_TEST(took < 100, "a backing-off peer is not asked: took " << took << " ms");
}

BOOST_AUTO_TEST_CASE(down_peer_fails_fast) {
    Harness h({answers(1, 1)});
    h.fakes[0]->acceptor.close();
    long took = 0;
    BOOST_TEST(h.ask("U1", &took) == "-");
    BOOST_TEST(took < 250, "connection refused should not wait for a deadline: took " << took << " ms");
}

BOOST_AUTO_TEST_CASE(connections_are_persistent) {
    Harness h({answers(2, 2)});
    for (const char* u : {"U1", "U2", "U3"}) BOOST_TEST(h.ask(u) == "2/2");
    BOOST_TEST(h.fakes[0]->connections == 1, "got " << h.fakes[0]->connections << " connections, want 1");
}

BOOST_AUTO_TEST_CASE(keyed_peer_request_and_reply_macs) {
    const std::string secret = "s3cret";
    gossip::RequestVerifier verifier;
    Reply signing = [&](const std::string& line) -> std::optional<std::string> {
        auto q = std::get<gossip::QueryRequest>(gossip::parse_request(line).value());
        const auto now =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        if (!q.auth || !verifier.verify(secret, q, now)) return "ERROR X-GOSSiP: " + q.umis + ",0,0";
        return gossip::sign_reply(secret, "PREPEND X-GOSSiP: " + q.umis + ",-50,20", gossip::auth_mac(*q.auth));
    };
    Harness keyed({signing}, secret);
    BOOST_TEST(keyed.ask("U1") == "-50/20", keyed.out.str());
    Harness wrong({signing}, "other secret");
    BOOST_TEST(wrong.ask("U1") == "-");
    Harness unsigned_reply({answers(1, 1)}, secret);
    BOOST_TEST(unsigned_reply.ask("U1") == "-", "a reply without A= from a keyed peer is a failure");
}

BOOST_AUTO_TEST_SUITE_END()
