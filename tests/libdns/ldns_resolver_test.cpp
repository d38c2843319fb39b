// Tests for libdns/src/ldns_resolver.cpp and the dnsquery tool, against real DNS
// servers on 127.0.0.1: ldns-testns with data/ldns_resolver.testns (dns-mime.md A4),
// a black hole that never answers, and a responder that answers with garbage.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "mailsec/dns/ldns_resolver.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace dns = mailsec::dns;
namespace testing = mailsec::testing;
namespace bdata = boost::unit_test::data;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

long elapsed_ms(Clock::time_point since) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

fs::path datafile() { return testing::source_dir() / "tests/libdns/data/ldns_resolver.testns"; }

boost::test_tools::assertion_result testns_present(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result ok(testing::find_program("ldns-testns").has_value());
    if (!ok) ok.message() << "skipped: ldns-testns is not installed (package ldnsutils)";
    return ok;
}

// ldns-testns on 127.0.0.1 with the test datafile, stopped by pid on destruction.
class Testns {
public:
    Testns() {
        for (int attempt = 0; attempt < 5; ++attempt) {
            port_ = testing::free_port();
            auto log = dir_.path() / ("testns-" + std::to_string(attempt) + ".log");
            process_ = std::make_unique<testing::Process>(
                std::vector<std::string>{"ldns-testns", "-p", std::to_string(port_), datafile().string()}, log);
            if (process_->wait_for_output("Listening on port", 5s)) return;
            process_.reset();  // the port was taken meanwhile: try another
        }
        throw std::runtime_error("ldns-testns did not start");
    }
    int port() const { return port_; }
    std::string server() const { return "127.0.0.1:" + std::to_string(port_); }

private:
    testing::TempDir dir_{"mailsec-testns"};
    int port_ = 0;
    std::unique_ptr<testing::Process> process_;
};

// One server for the fast cases. Timeout cases use their own (ldns-testns is
// single-threaded: a sleep entry stalls every later query).
Testns& shared_server() {
    static Testns server;
    return server;
}

std::unique_ptr<dns::LdnsResolver> make_resolver(std::vector<std::string> servers,
                                                 std::chrono::milliseconds timeout = 2000ms, int retries = 1,
                                                 std::uint16_t edns = 1232, bool tcp_fallback = true) {
    dns::LdnsOptions options;
    options.nameservers = std::move(servers);
    options.timeout = timeout;
    options.retries = retries;
    options.edns_udp_size = edns;
    options.tcp_fallback = tcp_fallback;
    auto r = dns::LdnsResolver::create(options);
    if (!r) throw std::runtime_error("create: " + r.error().message);
    return std::move(*r);
}

class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Fd& operator=(Fd&& o) noexcept {
        std::swap(fd_, o.fd_);
        return *this;
    }
    int get() const { return fd_; }

private:
    int fd_;
};

// A bound UDP socket that never answers: queries to it time out. Counts datagrams.
class BlackHole {
public:
    explicit BlackHole(int family = AF_INET, int port = 0) : fd_(::socket(family, SOCK_DGRAM | SOCK_NONBLOCK, 0)) {
        sockaddr_storage ss{};
        socklen_t len = 0;
        if (family == AF_INET) {
            auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
            sin->sin_family = AF_INET;
            sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            sin->sin_port = htons(static_cast<std::uint16_t>(port));
            len = sizeof *sin;
        } else {
            auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
            sin6->sin6_family = AF_INET6;
            sin6->sin6_addr = in6addr_loopback;
            sin6->sin6_port = htons(static_cast<std::uint16_t>(port));
            len = sizeof *sin6;
        }
        ok_ = fd_.get() >= 0 && ::bind(fd_.get(), reinterpret_cast<sockaddr*>(&ss), len) == 0 &&
              ::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&ss), &len) == 0;
        if (ok_) port_ = ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                                                 : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
    }
    bool ok() const { return ok_; }
    int port() const { return port_; }
    std::string server() const { return "127.0.0.1:" + std::to_string(port_); }
    // Datagrams received since the last call.
    int drain() {
        int n = 0;
        char buf[4096];
        while (::recv(fd_.get(), buf, sizeof buf, 0) >= 0) ++n;
        return n;
    }

private:
    Fd fd_;
    bool ok_ = false;
    int port_ = 0;
};

// ---------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------
// The answer table for data/ldns_resolver.testns.

struct LookupCase {
    std::string name;
    dns::RecordType type;
    dns::Status status;
    std::vector<std::string> lines;  // format_records
    std::vector<std::string> chain;
    std::optional<std::uint32_t> ttl;
    std::string diagnostic;  // substring, for tempfail
};

std::ostream& operator<<(std::ostream& os, const LookupCase& c) {
    return os << c.name << "/" << dns::to_string(c.type);
}

using T = dns::RecordType;
using S = dns::Status;

const LookupCase lookup_cases[] = {
    // records of each type; TXT strings of each RR kept separately
    {"txt.example.com", T::TXT, S::records,
     {R"("v=spf1 ip4:192.0.2.0/24 " "include:_spf.example.net -all")", R"("second")"}, {}, 300, ""},
    {"TXT.Example.COM.", T::TXT, S::records,
     {R"("v=spf1 ip4:192.0.2.0/24 " "include:_spf.example.net -all")", R"("second")"}, {}, 300, ""},
    {"bytes.example.com", T::TXT, S::records, {R"("quote\" back\\slash \255" "")"}, {}, 300, ""},
    {"host.example.com", T::A, S::records, {"192.0.2.1", "192.0.2.2"}, {}, 1800, ""},
    {"host.example.com", T::AAAA, S::records, {"2001:db8::1"}, {}, 3600, ""},
    {"example.com", T::MX, S::records, {"10 mail.example.com", "20 mail2.example.net"}, {}, 3600, ""},
    {"nullmx.example.com", T::MX, S::records, {"0 ."}, {}, 3600, ""},
    {"1.2.0.192.in-addr.arpa", T::PTR, S::records, {"mail.example.com"}, {}, 3600, ""},
    {"spf.example.com", T::SPF, S::records, {R"("v=spf1 " "-all")"}, {}, 3600, ""},
    // CNAME chains: in one answer (ttl = min over the chain), and stopping at a target
    // that the resolver then asks for
    {"www.example.com", T::A, S::records, {"192.0.2.9"}, {"alias1.example.com", "alias2.example.net"}, 60, ""},
    {"stop.example.com", T::TXT, S::records, {R"("found")"}, {"target.example.org"}, 200, ""},
    {"ten.example.com", T::A, S::records, {"192.0.2.10"},
     {"c1.ten.example.com", "c2.ten.example.com", "c3.ten.example.com", "c4.ten.example.com", "c5.ten.example.com",
      "c6.ten.example.com", "c7.ten.example.com", "c8.ten.example.com", "c9.ten.example.com", "c10.ten.example.com"},
     3600, ""},
    {"dangling.example.com", T::A, S::nxdomain, {}, {"gone.example.com"}, 300, ""},
    {"cnodata.example.com", T::TXT, S::nodata, {}, {"host.example.com"}, 120, ""},
    {"loop1.example.com", T::A, S::tempfail, {}, {"loop2.example.com"}, std::nullopt, "cname-loop"},
    {"loopa.example.com", T::A, S::tempfail, {}, {"loopb.example.com"}, std::nullopt, "cname-loop"},
    {"eleven.example.com", T::A, S::tempfail, {},
     {"c1.eleven.example.com", "c2.eleven.example.com", "c3.eleven.example.com", "c4.eleven.example.com",
      "c5.eleven.example.com", "c6.eleven.example.com", "c7.eleven.example.com", "c8.eleven.example.com",
      "c9.eleven.example.com", "c10.eleven.example.com"},
     std::nullopt, "cname-too-long"},
    // negative answers: TTL = min(SOA TTL, MINIMUM); none without an SOA
    {"host.example.com", T::TXT, S::nodata, {}, {}, 120, ""},
    {"nosoa.example.com", T::TXT, S::nodata, {}, {}, std::nullopt, ""},
    {"nx.example.com", T::TXT, S::nxdomain, {}, {}, 300, ""},
    {"unknown.example.com", T::MX, S::nxdomain, {}, {}, 300, ""},
    // every rcode other than NOERROR and NXDOMAIN
    {"servfail.example.com", T::TXT, S::tempfail, {}, {}, std::nullopt, "SERVFAIL"},
    {"refused.example.com", T::TXT, S::tempfail, {}, {}, std::nullopt, "REFUSED"},
    {"formerr.example.com", T::TXT, S::tempfail, {}, {}, std::nullopt, "FORMERR"},
    {"notimpl.example.com", T::TXT, S::tempfail, {}, {}, std::nullopt, "NOTIMPL"},
    // truncation: TC over UDP, full answer over TCP; EDNS queries never see the TC
    {"tc.example.com", T::TXT, S::records, {R"("over tcp")"}, {}, 3600, ""},
    {"tcedns.example.com", T::TXT, S::records, {R"("edns answer")"}, {}, 3600, ""},
    {"tcfail.example.com", T::TXT, S::tempfail, {}, {}, std::nullopt, "SERVFAIL"},
};

void check_answer(const dns::Answer& got, const LookupCase& want) {
    BOOST_TEST(got.status == want.status,
               "status: got " << dns::to_string(got.status) << ", want " << dns::to_string(want.status) << " ("
                              << got.diagnostic << ")");
    BOOST_TEST(got.type == want.type);
    auto lines = dns::format_records(got);
    BOOST_TEST(lines == want.lines, boost::test_tools::per_element());
    BOOST_TEST(got.cname_chain == want.chain, boost::test_tools::per_element());
    if (want.status != S::tempfail) {
        BOOST_TEST(got.ttl.has_value() == want.ttl.has_value(), "ttl presence: got " << got.ttl.has_value()
                                                                                       << ", want "
                                                                                       << want.ttl.has_value());
        if (got.ttl && want.ttl) BOOST_TEST(*got.ttl == *want.ttl, "ttl: got " << *got.ttl << ", want " << *want.ttl);
        BOOST_TEST(got.diagnostic.empty(), "diagnostic: got '" << got.diagnostic << "', want none");
    } else {
        BOOST_TEST(got.diagnostic.find(want.diagnostic) != std::string::npos,
                   "diagnostic: got '" << got.diagnostic << "', want '" << want.diagnostic << "'");
    }
}

}  // namespace

// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(ldns_resolver, *boost::unit_test::precondition(testns_present))

BOOST_DATA_TEST_CASE(lookups, bdata::make(lookup_cases), c) {
    auto r = make_resolver({shared_server().server()});
    dns::Answer got = r->lookup(c.name, c.type, 5s);
    check_answer(got, c);
    std::string want_name = c.name == "TXT.Example.COM." ? "txt.example.com" : c.name;
    BOOST_TEST(got.name == want_name, "name: got " << got.name << ", want " << want_name);
}

BOOST_AUTO_TEST_CASE(txt_strings_are_kept_per_rr_and_joined_without_separator) {
    auto r = make_resolver({shared_server().server()});
    dns::Answer got = r->lookup("txt.example.com", T::TXT, 5s);
    BOOST_REQUIRE(got.status == S::records);
    BOOST_REQUIRE_EQUAL(got.txt.size(), 2u);
    std::vector<std::string> want = {"v=spf1 ip4:192.0.2.0/24 ", "include:_spf.example.net -all"};
    BOOST_TEST(got.txt[0].strings == want, boost::test_tools::per_element());
    BOOST_TEST(got.txt[0].joined() == "v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all");
    BOOST_TEST(got.txt[1].strings == std::vector<std::string>{"second"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(mx_and_ptr_names_are_lowercase_without_dot) {
    auto r = make_resolver({shared_server().server()});
    dns::Answer mx = r->lookup("example.com", T::MX, 5s);
    BOOST_REQUIRE_EQUAL(mx.mx.size(), 2u);
    BOOST_TEST((mx.mx[1] == dns::MxRecord{20, "mail2.example.net"}), "got " << mx.mx[1].exchange);
    dns::Answer nullmx = r->lookup("nullmx.example.com", T::MX, 5s);
    BOOST_REQUIRE_EQUAL(nullmx.mx.size(), 1u);
    BOOST_TEST(nullmx.mx[0].exchange == "", "null MX: got '" << nullmx.mx[0].exchange << "', want ''");
    dns::Answer a = r->lookup("host.example.com", T::A, 5s);
    BOOST_REQUIRE_EQUAL(a.a.size(), 2u);
    BOOST_TEST((a.a[0] == dns::Ipv4Address{192, 0, 2, 1}));
}

BOOST_AUTO_TEST_CASE(truncated_answer_without_edns_is_retried_over_tcp) {
    // Without OPT the EDNS-variant entry answers TC=1 over UDP; the TCP retry gets it all.
    auto r = make_resolver({shared_server().server()}, 2000ms, 1, /*edns=*/0);
    for (const char* name : {"tcedns.example.com", "tc.example.com"}) {
        dns::Answer got = r->lookup(name, T::TXT, 5s);
        BOOST_TEST(got.status == S::records, name << ": got " << dns::to_string(got.status) << " (" << got.diagnostic
                                                  << "), want records");
    }
}

BOOST_AUTO_TEST_CASE(truncated_answer_without_tcp_fallback_is_tempfail) {
    auto r = make_resolver({shared_server().server()}, 2000ms, 1, 1232, /*tcp_fallback=*/false);
    dns::Answer got = r->lookup("tc.example.com", T::TXT, 5s);
    BOOST_TEST(got.status == S::tempfail, "got " << dns::to_string(got.status) << ", want tempfail");
    BOOST_TEST(got.diagnostic.find("truncated") != std::string::npos, "diagnostic: got " << got.diagnostic);
}

const std::string invalid_names[] = {
    "", "a..b", ".example.com", "..", std::string(64, 'x') + ".example.com",
    std::string(63, 'a') + "." + std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(63, 'd') + ".e",
    "ex ample.com", "ex\xc3\xa9mple.com",
};

BOOST_DATA_TEST_CASE(invalid_names_are_rejected_without_a_query, bdata::make(invalid_names), name) {
    // The server never answers: a query would take the whole 2 s timeout and be counted.
    BlackHole hole;
    BOOST_REQUIRE(hole.ok());
    auto r = make_resolver({hole.server()}, 2000ms, 1);
    auto start = Clock::now();
    dns::Answer got = r->lookup(name, T::TXT, 5s);
    BOOST_TEST(got.status == S::invalid_name, "got " << dns::to_string(got.status) << ", want invalid-name");
    BOOST_TEST(!got.diagnostic.empty(), "want a diagnostic");
    BOOST_TEST(elapsed_ms(start) < 200, "took " << elapsed_ms(start) << " ms, want no network wait");
    BOOST_TEST(hole.drain() == 0, "queries sent: got some, want none");
}

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

BOOST_AUTO_TEST_CASE(many_threads_share_one_resolver) {
    auto r = make_resolver({shared_server().server()}, 2000ms, 2);
    constexpr int threads = 8, per_thread = 50;
    std::atomic<int> failures{0};
    std::mutex mutex;
    std::string first_failure;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                const LookupCase& c = lookup_cases[static_cast<std::size_t>(t * per_thread + i) % 12];
                dns::Answer got = r->lookup(c.name, c.type, 10s);
                if (got.status != c.status || dns::format_records(got) != c.lines) {
                    ++failures;
                    std::lock_guard lock(mutex);
                    if (first_failure.empty())
                        first_failure = c.name + ": got " + std::string(dns::to_string(got.status)) + " " +
                                        got.diagnostic;
                }
            }
        });
    }
    for (auto& th : pool) th.join();
    BOOST_TEST(failures.load() == 0, "failures: got " << failures.load() << ", want 0; first: " << first_failure);
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

// ---------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(dnsquery, *boost::unit_test::precondition(testns_present))

struct ToolCase {
    std::vector<std::string> args;  // after --server
    int exit_code;
    std::string out;
};
std::ostream& operator<<(std::ostream& os, const ToolCase& c) {
    for (const auto& a : c.args) os << a << ' ';
    return os;
}

const ToolCase tool_cases[] = {
    {{"txt.example.com", "TXT"},
     0,
     "records\n\"v=spf1 ip4:192.0.2.0/24 \" \"include:_spf.example.net -all\"\n\"second\"\n"},
    {{"host.example.com", "a"}, 0, "records\n192.0.2.1\n192.0.2.2\n"},
    {{"host.example.com", "AAAA"}, 0, "records\n2001:db8::1\n"},
    {{"example.com.", "MX"}, 0, "records\n10 mail.example.com\n20 mail2.example.net\n"},
    {{"1.2.0.192.in-addr.arpa", "PTR"}, 0, "records\nmail.example.com\n"},
    {{"spf.example.com", "TYPE99"}, 0, "records\n\"v=spf1 \" \"-all\"\n"},
    {{"www.example.com", "A"}, 0, "records\n192.0.2.9\n"},
    {{"tc.example.com", "TXT"}, 0, "records\n\"over tcp\"\n"},
    {{"host.example.com", "TXT"}, 1, "nodata\n"},
    {{"nx.example.com", "TXT"}, 1, "nxdomain\n"},
    {{"servfail.example.com", "TXT"}, 2, "tempfail\n"},
    {{"--no-tcp-fallback", "tc.example.com", "TXT"}, 2, "tempfail\n"},
    {{"a..b", "TXT"}, 3, "invalid-name\n"},
    {{"example.com", "NS"}, 64, ""},
    {{"example.com"}, 64, ""},
    {{"--timeout", "soon", "example.com", "TXT"}, 64, ""},
    {{"--bogus", "example.com", "TXT"}, 64, ""},
};

fs::path dnsquery_binary() { return testing::bin_dir() / "dnsquery"; }

BOOST_DATA_TEST_CASE(output_and_exit_code, bdata::make(tool_cases), c) {
    std::vector<std::string> argv = {dnsquery_binary().string(), "--server", shared_server().server(), "--timeout",
                                     "2000"};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    auto got = testing::run(argv, "", 20s);
    BOOST_TEST(got.exit_code == c.exit_code, "exit: got " << got.exit_code << ", want " << c.exit_code
                                                           << "; stderr: " << got.err);
    BOOST_TEST(got.out == c.out, "stdout: got '" << got.out << "', want '" << c.out << "'");
    if (c.exit_code >= 2) BOOST_TEST(!got.err.empty(), "want a reason on stderr");
}

BOOST_AUTO_TEST_CASE(verbose_prints_chain_on_stderr) {
    auto got = testing::run({dnsquery_binary().string(), "--server=" + shared_server().server(), "--verbose",
                             "www.example.com", "A"});
    BOOST_TEST(got.exit_code == 0);
    BOOST_TEST(got.out == "records\n192.0.2.9\n", "stdout: got '" << got.out << "'");
    BOOST_TEST(got.err == "cname: alias1.example.com\ncname: alias2.example.net\nttl: 60\n",
               "stderr: got '" << got.err << "'");
}

BOOST_AUTO_TEST_CASE(diagnostics_go_to_stderr) {
    auto got = testing::run({dnsquery_binary().string(), "--server", shared_server().server(), "refused.example.com",
                             "TXT"});
    BOOST_TEST(got.exit_code == 2);
    BOOST_TEST(got.err == "dnsquery: tempfail: REFUSED\n", "stderr: got '" << got.err << "'");
    got = testing::run({dnsquery_binary().string(), "--server", "127.0.0.1:53", "--server", "[::1]:54", "x.example",
                        "A"});
    BOOST_TEST(got.exit_code == 64, "mixed ports: got exit " << got.exit_code << ", want 64");
}

BOOST_AUTO_TEST_CASE(help_documents_exit_codes) {
    auto got = testing::run({dnsquery_binary().string(), "--help"});
    BOOST_TEST(got.exit_code == 0);
    for (const char* want : {"SYNOPSIS", "EXIT STATUS", "--server", "--timeout", "--retries", "invalid-name", "64"})
        BOOST_TEST(got.out.find(want) != std::string::npos, "help lacks '" << want << "'");
}

BOOST_AUTO_TEST_SUITE_END()
