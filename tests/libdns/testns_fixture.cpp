// Shared helpers for the libdns_ldns_test files (see testns_fixture.hpp).
#include "testns_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <utility>

namespace dns = mailsec::dns;
namespace testing = mailsec::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace ldns_test {

namespace {

fs::path datafile() { return testing::source_dir() / "tests/libdns/data/ldns_resolver.testns"; }

}  // namespace

long elapsed_ms(Clock::time_point since) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

boost::test_tools::assertion_result testns_present(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result ok(testing::find_program("ldns-testns").has_value());
    if (!ok) ok.message() << "skipped: ldns-testns is not installed (package ldnsutils)";
    return ok;
}

Testns::Testns() {
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

Testns& shared_server() {
    static Testns server;
    return server;
}

std::unique_ptr<dns::LdnsResolver> make_resolver(std::vector<std::string> servers, std::chrono::milliseconds timeout,
                                                 int retries, std::uint16_t edns, bool tcp_fallback) {
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

Fd::~Fd() {
    if (fd_ >= 0) ::close(fd_);
}
Fd::Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
Fd& Fd::operator=(Fd&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
}

BlackHole::BlackHole(int family, int port) : fd_(::socket(family, SOCK_DGRAM | SOCK_NONBLOCK, 0)) {
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

int BlackHole::drain() {
    int n = 0;
    char buf[4096];
    while (::recv(fd_.get(), buf, sizeof buf, 0) >= 0) ++n;
    return n;
}

}  // namespace ldns_test
