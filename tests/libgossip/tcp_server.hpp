// A tiny in-test TCP server for the libgossip client and tool tests: one
// connection at a time on 127.0.0.1:<ephemeral>, and a gossip::Node served over it.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "mailsec/gossip/node.hpp"
#include "mailsec/gossip/sqlite_store.hpp"

namespace gossip_test {

namespace gossip = mailsec::gossip;
namespace core = mailsec::core;

// Serves one connection at a time on 127.0.0.1:<ephemeral> with `handler(fd, stop)`.
class TestServer {
public:
    using Handler = std::function<void(int fd, const std::atomic<bool>& stop)>;
    explicit TestServer(Handler handler) : handler_(std::move(handler)) {
        listen_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int one = 1;
        ::setsockopt(listen_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        BOOST_REQUIRE(::bind(listen_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        BOOST_REQUIRE(::listen(listen_, 8) == 0);
        socklen_t len = sizeof a;
        ::getsockname(listen_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { loop(); });
    }
    ~TestServer() {
        stop_ = true;
        thread_.join();
        ::close(listen_);
    }
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;
    std::uint16_t port() const { return port_; }
    int accepted() const { return accepted_; }

private:
    void loop() {
        while (!stop_) {
            pollfd p{listen_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            const int fd = ::accept4(listen_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            ++accepted_;
            handler_(fd, stop_);
            ::close(fd);
        }
    }
    Handler handler_;
    int listen_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> accepted_{0};
    std::thread thread_;
};

// Reads lines until EOF or stop; `on_line` returns the bytes to send back and
// whether to keep the connection open.
inline void serve_lines(int fd, const std::atomic<bool>& stop,
                        const std::function<std::pair<std::string, bool>(const std::string&)>& on_line) {
    std::string buf;
    while (!stop) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0) continue;
        char chunk[512];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return;
        buf.append(chunk, static_cast<std::size_t>(n));
        for (auto lf = buf.find('\n'); lf != std::string::npos; lf = buf.find('\n')) {
            const std::string line = buf.substr(0, lf);
            buf.erase(0, lf + 1);
            auto [out, keep] = on_line(line);
            if (!out.empty()) (void)::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
            if (!keep) return;
        }
    }
}

struct NodeServer {
    core::ManualClock clock{core::Clock::time_point{std::chrono::seconds{1000000000}}};
    std::unique_ptr<gossip::SqliteStore> store = gossip::SqliteStore::open(":memory:").value();
    gossip::Node node{*store, clock};
    TestServer server{[this](int fd, const std::atomic<bool>& stop) {
        serve_lines(fd, stop, [this](const std::string& line) {
            return std::pair{
                node.handle_line(line, gossip::Caller{"127.0.0.1", std::nullopt, false, true}).value_or(""), true};
        });
    }};
};

}  // namespace gossip_test
