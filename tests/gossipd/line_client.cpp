#include "line_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>

namespace gossipd_test {

LineClient::LineClient(int port, const std::string& host, const std::string& source) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    if (!source.empty()) {
        ::inet_pton(AF_INET, source.c_str(), &a.sin_addr);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    }
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, host.c_str(), &a.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

LineClient::~LineClient() {
    if (fd_ >= 0) ::close(fd_);
}

bool LineClient::send(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// Reads what is there into buffer_; -1 on timeout, 0 on EOF/error, 1 on data.
int LineClient::wait_readable(std::chrono::steady_clock::time_point deadline) {
    if (eof_ || fd_ < 0) return 0;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return -1;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return -1;
    char buf[4096];
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
        eof_ = true;
        return 0;
    }
    buffer_.append(buf, static_cast<std::size_t>(n));
    return 1;
}

std::string LineClient::read_exact(std::size_t n, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (buffer_.size() < n && wait_readable(deadline) == 1) {
    }
    std::string out = buffer_.substr(0, n);
    buffer_.erase(0, out.size());
    return out;
}

std::string LineClient::read_for(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (wait_readable(deadline) == 1) {
    }
    return std::exchange(buffer_, {});
}

std::string LineClient::read_reply(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto end = buffer_.find("\n\n");
        if (end != std::string::npos) {
            std::string out = buffer_.substr(0, end + 2);
            buffer_.erase(0, end + 2);
            return out;
        }
        if (wait_readable(deadline) != 1) return {};
    }
}

std::string LineClient::request(const std::string& line, std::chrono::milliseconds timeout) {
    if (!send(line + "\n\n")) return "<send failed>";
    auto reply = read_reply(timeout);
    if (reply.empty()) return "<no reply>";
    return reply.substr(0, reply.size() - 2);
}

bool LineClient::closed_by_peer(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int r = 1;
    while ((r = wait_readable(deadline)) == 1) {
    }
    return r == 0;
}

}  // namespace gossipd_test
