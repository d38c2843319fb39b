// Starts build/bin/srsd on a temporary unix socket and loopback ports with a
// generated config, and stops it by pid when the test ends (support/process.hpp).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "mailsec/core/clock.hpp"
#include "mailsec/srs/scheme.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace srsd_test {

struct Daemon {
    // extra_listen: more listen specs, e.g. ", inet:[::1]:PORT".
    explicit Daemon(const std::string& extra_config = "", const std::string& extra_listen = "") {
        socket = (dir.path() / "srsd.sock").string();
        config = (dir.path() / "srsd.conf").string();
        // A port another test took between free_port() and srsd's bind makes srsd
        // exit at start-up: try again with fresh ports.
        for (int attempt = 0; attempt < 3 && !ready; ++attempt) start(extra_config, extra_listen);
    }
    void start(const std::string& extra_config, const std::string& extra_listen) {
        port = mailsec::testing::free_port();
        forward_port = mailsec::testing::free_port();
        reverse_port = mailsec::testing::free_port();
        mailsec::testing::write_file(config, "[srs]\nsecret = e2e secret\nfwdomain = example.org\n"
                                             "listen = unix:" + socket + ", inet:127.0.0.1:" + std::to_string(port) + extra_listen +
                                             "\ntcp_forward = 127.0.0.1:" + std::to_string(forward_port) +
                                             "\ntcp_reverse = 127.0.0.1:" + std::to_string(reverse_port) +
                                             "\nmax_request = 1000\n" + extra_config);
        process = std::make_unique<mailsec::testing::Process>(
            std::vector<std::string>{(mailsec::testing::bin_dir() / "srsd").string(), "--config", config},
            dir.path() / "srsd.log");
        // The exact start-up line: a bare "ready" would also match "address already in use".
        ready = process->wait_for_output("info: ready ", std::chrono::seconds{10}) && process->running();
    }
    // What srsd's forward map answers for a foreign sender today.
    static std::string expected_forward(const std::string& sender) {
        static mailsec::core::SystemClock clock;
        mailsec::srs::Options o;
        o.secrets = {"e2e secret"};
        static auto scheme = mailsec::srs::make_scheme(mailsec::srs::SchemeKind::guarded, o, clock).value();
        return scheme->forward(sender, "example.org").value();
    }

    mailsec::testing::TempDir dir{"srsd-e2e"};
    int port = 0, forward_port = 0, reverse_port = 0;
    std::string socket, config;
    std::unique_ptr<mailsec::testing::Process> process;
    bool ready = false;
};

}  // namespace srsd_test
