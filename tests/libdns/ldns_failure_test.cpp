// Failure tests for libdns/src/ldns_resolver.cpp on 127.0.0.1: deadlines and
// timeouts (a black hole that never answers, ldns-testns's sleep entry),
// failover to a second server, and a responder that answers with garbage.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <ostream>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "mailsec/dns/ldns_resolver.hpp"
#include "testns_fixture.hpp"

namespace dns = mailsec::dns;
namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;
using ldns_test::BlackHole;
using ldns_test::Clock;
using ldns_test::elapsed_ms;
using ldns_test::Fd;
using ldns_test::make_resolver;
using ldns_test::shared_server;
using ldns_test::Testns;
using ldns_test::testns_present;

namespace {

// A responder on UDP and TCP (same port) that answers every query wrongly.

enum class Garbage {
    random_bytes,     // the query id, then random bytes
    random_body,      // a plausible header (QR, 1 question, random counts), then random bytes
    short_header,     // the id and 3 more bytes: a truncated header
    id_only,          // two bytes
    wrong_id,         // a well-formed NOERROR reply with another id
    not_response,     // a well-formed packet with QR=0
    other_question,   // a well-formed NOERROR reply for another name
    tc_then_garbage,  // UDP: TC=1; TCP: random bytes with the right length prefix
    tc_then_close,    // UDP: TC=1; TCP: close without a reply
    tc_then_short,    // UDP: TC=1; TCP: a length prefix larger than what follows, then close
};

std::ostream& operator<<(std::ostream& os, Garbage g) {
    static const char* names[] = {"random_bytes", "random_body",  "short_header", "id_only",         "wrong_id",
                                  "not_response", "other_question", "tc_then_garbage", "tc_then_close", "tc_then_short"};
    return os << names[static_cast<int>(g)];
}

class GarbageServer {
public:
    explicit GarbageServer(Garbage mode) : mode_(mode) {
        for (int attempt = 0; attempt < 20 && !bound(); ++attempt) bind_pair();
        if (!bound()) throw std::runtime_error("GarbageServer: cannot bind UDP and TCP on one port");
        thread_ = std::thread([this] { serve(); });
    }
    ~GarbageServer() {
        stop_ = true;
        thread_.join();
    }
    GarbageServer(const GarbageServer&) = delete;
    GarbageServer& operator=(const GarbageServer&) = delete;
    std::string server() const { return "127.0.0.1:" + std::to_string(port_); }

private:
    bool bound() const { return udp_.get() >= 0 && tcp_.get() >= 0; }

    void bind_pair() {
        Fd udp(::socket(AF_INET, SOCK_DGRAM, 0));
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(udp.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
            ::getsockname(udp.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            return;
        Fd tcp(::socket(AF_INET, SOCK_STREAM, 0));
        int one = 1;
        ::setsockopt(tcp.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(tcp.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(tcp.get(), 16) != 0)
            return;
        port_ = ntohs(addr.sin_port);
        udp_ = std::move(udp);
        tcp_ = std::move(tcp);
    }

    // The question of a query: from offset 12 to the end of QTYPE/QCLASS.
    static std::string question(const std::string& query) {
        std::size_t pos = 12;
        while (pos < query.size() && query[pos] != 0) pos += 1 + static_cast<unsigned char>(query[pos]);
        return pos + 5 <= query.size() ? query.substr(12, pos + 5 - 12) : std::string{};
    }

    static std::string header(std::uint16_t id, std::uint16_t flags, std::uint16_t qd, std::uint16_t an = 0) {
        std::string h(12, '\0');
        h[0] = static_cast<char>(id >> 8), h[1] = static_cast<char>(id & 0xff);
        h[2] = static_cast<char>(flags >> 8), h[3] = static_cast<char>(flags & 0xff);
        h[4] = static_cast<char>(qd >> 8), h[5] = static_cast<char>(qd & 0xff);
        h[6] = static_cast<char>(an >> 8), h[7] = static_cast<char>(an & 0xff);
        return h;
    }

    std::string random_bytes(std::size_t n) {
        std::string out(n, '\0');
        for (auto& c : out) c = static_cast<char>(rng_() & 0xff);
        return out;
    }

    std::string udp_reply(const std::string& query) {
        auto id = static_cast<std::uint16_t>((static_cast<unsigned char>(query[0]) << 8) |
                                             static_cast<unsigned char>(query[1]));
        constexpr std::uint16_t qr_aa = 0x8400, tc = 0x0200;
        switch (mode_) {
            case Garbage::random_bytes: return query.substr(0, 2) + random_bytes(10 + rng_() % 200);
            case Garbage::random_body:
                return header(id, qr_aa, 1, static_cast<std::uint16_t>(rng_() % 4)) + random_bytes(rng_() % 120);
            case Garbage::short_header: return query.substr(0, 2) + random_bytes(3);
            case Garbage::id_only: return query.substr(0, 2);
            case Garbage::wrong_id: return header(static_cast<std::uint16_t>(id ^ 0x5a5a), qr_aa, 1) + question(query);
            case Garbage::not_response: return header(id, 0x0100, 1) + question(query);
            case Garbage::other_question:
                return header(id, qr_aa, 1) + std::string("\5other\7example\0\0\20\0\1", 19);
            case Garbage::tc_then_garbage:
            case Garbage::tc_then_close:
            case Garbage::tc_then_short: return header(id, qr_aa | tc, 1) + question(query);
        }
        return {};
    }

    void tcp_reply(int fd) {
        char buf[1024];
        ssize_t n = 0;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 1000) > 0) n = ::recv(fd, buf, sizeof buf, 0);
        if (n < 4) return;
        std::string out;
        if (mode_ == Garbage::tc_then_garbage) {
            std::string body = std::string(buf + 2, 2) + random_bytes(40);  // the query id, then noise
            out = std::string{'\0', static_cast<char>(body.size())} + body;
        } else if (mode_ == Garbage::tc_then_short) {
            out = std::string("\x01\x00", 2) + random_bytes(10);  // announces 256 bytes, sends 10
        }
        if (!out.empty()) (void)::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
    }

    void serve() {
        while (!stop_) {
            pollfd fds[2] = {{udp_.get(), POLLIN, 0}, {tcp_.get(), POLLIN, 0}};
            if (::poll(fds, 2, 20) <= 0) continue;
            if (fds[0].revents & POLLIN) {
                char buf[4096];
                sockaddr_storage from{};
                socklen_t len = sizeof from;
                ssize_t n = ::recvfrom(udp_.get(), buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
                if (n >= 12) {
                    std::string reply = udp_reply(std::string(buf, static_cast<std::size_t>(n)));
                    (void)::sendto(udp_.get(), reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
                }
            }
            if (fds[1].revents & POLLIN) {
                Fd conn(::accept(tcp_.get(), nullptr, nullptr));
                if (conn.get() >= 0) tcp_reply(conn.get());
            }
        }
    }

    Garbage mode_;
    Fd udp_, tcp_;
    int port_ = 0;
    std::mt19937 rng_{12345};
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

using T = dns::RecordType;
using S = dns::Status;

}  // namespace

// ---------------------------------------------------------------------------
// Same suite as ldns_resolver_test.cpp: the unit is LdnsResolver.

BOOST_AUTO_TEST_SUITE(ldns_resolver, *boost::unit_test::precondition(testns_present))

BOOST_AUTO_TEST_CASE(deadline_shorter_than_timeout_is_honoured) {
    BlackHole hole;
    BOOST_REQUIRE(hole.ok());
    auto r = make_resolver({hole.server()}, /*timeout=*/5000ms, /*retries=*/3);
    auto start = Clock::now();
    dns::Answer got = r->lookup("host.example.com", T::A, 300ms);
    long took = elapsed_ms(start);
    BOOST_TEST(got.status == S::tempfail, "got " << dns::to_string(got.status) << ", want tempfail");
    BOOST_TEST(got.diagnostic == "timeout", "diagnostic: got '" << got.diagnostic << "', want 'timeout'");
    BOOST_TEST(took >= 250, "took " << took << " ms, want about 300");
    BOOST_TEST(took < 1000, "took " << took << " ms, want about 300 (deadline ignored?)");
    BOOST_TEST(hole.drain() >= 1, "want the query to have been sent");

    // A deadline already past: tempfail at once.
    start = Clock::now();
    got = r->lookup("host.example.com", T::A, Clock::now() - 1ms);
    BOOST_TEST(got.status == S::tempfail);
    BOOST_TEST(got.diagnostic == "timeout", "diagnostic: got '" << got.diagnostic << "'");
    BOOST_TEST(elapsed_ms(start) < 100, "took " << elapsed_ms(start) << " ms, want at once");
}

BOOST_AUTO_TEST_CASE(dead_first_server_fails_over_to_the_second) {
    // [::1]:P never answers; 127.0.0.1:P is ldns-testns (it listens on IPv4 only).
    BlackHole hole(AF_INET6, shared_server().port());
    if (!hole.ok()) {
        BOOST_TEST_MESSAGE("skipped: cannot bind [::1]:" << shared_server().port() << " (no IPv6 loopback?)");
        return;
    }
    auto r = make_resolver({"[::1]:" + std::to_string(shared_server().port()), shared_server().server()}, 300ms, 1);
    auto start = Clock::now();
    dns::Answer got = r->lookup("host.example.com", T::A, 5s);
    BOOST_TEST(got.status == S::records, "got " << dns::to_string(got.status) << " (" << got.diagnostic << ")");
    BOOST_TEST(elapsed_ms(start) < 1500, "took " << elapsed_ms(start) << " ms");
    BOOST_TEST(hole.drain() == 1, "want one query to the dead server");
    // Next lookup: the dead server is tried again (and times out again), no sticky RES_NO_NS.
    got = r->lookup("host.example.com", T::AAAA, 5s);
    BOOST_TEST(got.status == S::records, "got " << dns::to_string(got.status) << " (" << got.diagnostic << ")");
    BOOST_TEST(hole.drain() == 1, "want the dead server retried on the next lookup");
}

BOOST_DATA_TEST_CASE(garbage_replies_are_tempfail,
                     bdata::make({Garbage::random_bytes, Garbage::random_body, Garbage::short_header,
                                  Garbage::id_only, Garbage::wrong_id, Garbage::not_response,
                                  Garbage::other_question, Garbage::tc_then_garbage, Garbage::tc_then_close,
                                  Garbage::tc_then_short}),
                     mode) {
    GarbageServer server(mode);
    auto r = make_resolver({server.server()}, 500ms, 1);
    for (int i = 0; i < 20; ++i) {
        auto start = Clock::now();
        dns::Answer got = r->lookup("host.example.com", i % 2 ? T::TXT : T::A, 3s);
        BOOST_TEST(got.status == S::tempfail,
                   "query " << i << ": got " << dns::to_string(got.status) << ", want tempfail");
        BOOST_TEST(!got.diagnostic.empty(), "query " << i << ": want a diagnostic");
        BOOST_TEST(elapsed_ms(start) < 1500, "query " << i << ": took " << elapsed_ms(start) << " ms");
        if (i == 0) BOOST_TEST_MESSAGE(mode << ": " << got.diagnostic);
    }
}

BOOST_AUTO_TEST_CASE(timeout_then_good_query_succeeds) {
    // Own server: the 2 s sleep entry stalls ldns-testns for everyone.
    Testns slow;
    auto r = make_resolver({slow.server()}, /*timeout=*/1000ms, /*retries=*/1);
    auto start = Clock::now();
    dns::Answer got = r->lookup("slow.example.com", T::TXT, 10s);
    long took = elapsed_ms(start);
    BOOST_TEST(got.status == S::tempfail, "got " << dns::to_string(got.status) << ", want tempfail");
    BOOST_TEST(got.diagnostic == "timeout", "diagnostic: got '" << got.diagnostic << "', want 'timeout'");
    BOOST_TEST(took >= 900, "took " << took << " ms, want about 1000");
    BOOST_TEST(took < 1900, "took " << took << " ms, want about 1000");

    // Regression (dns-mime.md A2, sticky dead server): ldns marked the server
    // RTT_INF; without the reset every later lookup fails at once with RES_NO_NS.
    std::this_thread::sleep_until(start + 2500ms);  // the server has finished sleeping
    got = r->lookup("host.example.com", T::A, 5s);
    BOOST_TEST(got.status == S::records,
               "after a timeout: got " << dns::to_string(got.status) << " (" << got.diagnostic << "), want records");
}

BOOST_AUTO_TEST_SUITE_END()
