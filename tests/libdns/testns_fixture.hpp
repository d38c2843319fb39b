// Shared helpers for the libdns_ldns_test files: ldns-testns with
// data/ldns_resolver.testns (dns-mime.md A4) on 127.0.0.1, LdnsResolver
// construction, and a UDP black hole that never answers.
#pragma once

#include <sys/socket.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mailsec/dns/ldns_resolver.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace ldns_test {

using Clock = std::chrono::steady_clock;

long elapsed_ms(Clock::time_point since);

// Precondition: skips a suite when ldns-testns is not installed.
boost::test_tools::assertion_result testns_present(boost::unit_test::test_unit_id);

// ldns-testns on 127.0.0.1 with the test datafile, stopped by pid on destruction.
class Testns {
public:
    Testns();
    int port() const { return port_; }
    std::string server() const { return "127.0.0.1:" + std::to_string(port_); }

private:
    mailsec::testing::TempDir dir_{"mailsec-testns"};
    int port_ = 0;
    std::unique_ptr<mailsec::testing::Process> process_;
};

// One server for the fast cases. Timeout cases use their own (ldns-testns is
// single-threaded: a sleep entry stalls every later query).
Testns& shared_server();

std::unique_ptr<mailsec::dns::LdnsResolver> make_resolver(std::vector<std::string> servers,
                                                          std::chrono::milliseconds timeout = std::chrono::milliseconds(2000),
                                                          int retries = 1, std::uint16_t edns = 1232,
                                                          bool tcp_fallback = true);

class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd();
    Fd(Fd&& o) noexcept;
    Fd& operator=(Fd&& o) noexcept;
    int get() const { return fd_; }

private:
    int fd_;
};

// A bound UDP socket that never answers: queries to it time out. Counts datagrams.
class BlackHole {
public:
    explicit BlackHole(int family = AF_INET, int port = 0);
    bool ok() const { return ok_; }
    int port() const { return port_; }
    std::string server() const { return "127.0.0.1:" + std::to_string(port_); }
    // Datagrams received since the last call.
    int drain();

private:
    Fd fd_;
    bool ok_ = false;
    int port_ = 0;
};

}  // namespace ldns_test
