// Raw test client (see client.hpp).
#include "client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace srsd_test {

Client Client::tcp(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("connect to port " + std::to_string(port) + " failed");
    }
    return Client(fd);
}

Client Client::tcp6(int port) {
    int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(static_cast<std::uint16_t>(port));
    a.sin6_addr = in6addr_loopback;
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("connect to [::1]:" + std::to_string(port) + " failed");
    }
    return Client(fd);
}

Client Client::unix_socket(const std::string& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("connect to " + path + " failed");
    }
    return Client(fd);
}

Client::~Client() {
    if (fd_ >= 0) ::close(fd_);
}

bool Client::send(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        auto n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

void Client::close_write() { ::shutdown(fd_, SHUT_WR); }

int Client::read_byte() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return -1;
    unsigned char c;
    return ::recv(fd_, &c, 1, 0) == 1 ? c : -1;
}

std::string Client::read_netstring() {
    std::size_t length = 0;
    int c = read_byte();
    if (c < 0) return "<closed>";
    for (; c != ':'; c = read_byte()) {
        if (c < '0' || c > '9') return "<bad>";
        length = length * 10 + static_cast<std::size_t>(c - '0');
    }
    std::string payload;
    for (std::size_t i = 0; i < length; ++i) {
        c = read_byte();
        if (c < 0) return "<bad>";
        payload += static_cast<char>(c);
    }
    return read_byte() == ',' ? payload : "<bad>";
}

std::string Client::read_line() {
    std::string line;
    for (int c = read_byte(); c != '\n'; c = read_byte()) {
        if (c < 0) return "<closed>";
        line += static_cast<char>(c);
    }
    return line;
}

std::string Client::read_until_close() {
    std::string out;
    char buf[4096];
    for (;;) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 5000) <= 0) return out + "<timeout>";
        auto n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) return out;
        out.append(buf, static_cast<std::size_t>(n));
    }
}

std::string Client::query(const std::string& payload) {
    if (!send(std::to_string(payload.size()) + ":" + payload + ",")) return "<closed>";
    return read_netstring();
}

}  // namespace srsd_test
