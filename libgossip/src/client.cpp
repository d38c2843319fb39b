// gossip.md §8 "Client library": plain non-blocking sockets with poll() deadlines.
// A reply is exactly two lines (the reply line, then the empty line), so reading
// both keeps the stream in step whatever the request was.
#include "mailsec/gossip/client.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace mailsec::gossip {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t max_reply = 4096;

struct AddrInfoFree {
    void operator()(addrinfo* a) const noexcept { freeaddrinfo(a); }
};

int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

// Waits for `events` on fd; false on timeout.
bool wait_for(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        pollfd p{fd, events, 0};
        const int rc = ::poll(&p, 1, remaining_ms(deadline));
        if (rc > 0) return true;
        if (rc == 0) return false;
        if (errno != EINTR) return true;  // let the following I/O call report the error
    }
}

// One non-blocking connect within the deadline; the fd or -1.
int connect_one(const addrinfo* ai, Clock::time_point deadline) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) return -1;
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) return fd;
    int err = errno;
    if (err == EINPROGRESS && wait_for(fd, POLLOUT, deadline)) {
        socklen_t len = sizeof err;
        if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) return fd;
    }
    ::close(fd);
    return -1;
}

bool is_query(const Request& r) { return std::holds_alternative<QueryRequest>(r); }

}  // namespace

Client::Client(std::string host, std::uint16_t port, Timeouts timeouts)
    : host_(std::move(host)), port_(port), timeouts_(timeouts) {}

Client::~Client() { close(); }

Client::Client(Client&& other) noexcept
    : host_(std::move(other.host_)),
      port_(other.port_),
      timeouts_(other.timeouts_),
      fd_(other.fd_),
      buffer_(std::move(other.buffer_)),
      received_(other.received_) {
    other.fd_ = -1;
}

Client& Client::operator=(Client&& other) noexcept {
    if (this != &other) {
        close();
        host_ = std::move(other.host_);
        port_ = other.port_;
        timeouts_ = other.timeouts_;
        fd_ = other.fd_;
        buffer_ = std::move(other.buffer_);
        received_ = other.received_;
        other.fd_ = -1;
    }
    return *this;
}

void Client::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
}

core::Status Client::connect() {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* raw = nullptr;
    const std::string port = std::to_string(port_);
    if (const int rc = ::getaddrinfo(host_.c_str(), port.c_str(), &hints, &raw); rc != 0)
        return core::make_error("connect", "gossip client: resolve " + host_ + ": " + gai_strerror(rc));
    std::unique_ptr<addrinfo, AddrInfoFree> list(raw);
    const auto deadline = Clock::now() + timeouts_.connect;
    for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
        fd_ = connect_one(ai, deadline);
        if (fd_ >= 0) return {};
    }
    return core::make_error("connect", "gossip client: cannot connect to " + host_ + ":" + port);
}

core::Status Client::send_all(std::string_view bytes) {
    const auto deadline = Clock::now() + timeouts_.read;
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n > 0) {
            bytes.remove_prefix(static_cast<std::size_t>(n));
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            if (!wait_for(fd_, POLLOUT, deadline)) return core::make_error("timeout", "gossip client: send timed out");
        } else {
            return core::make_error("io", std::string("gossip client: send: ") + std::strerror(errno));
        }
    }
    return {};
}

// One line without its LF (a CR before it is dropped). EOF is an error: the
// connection is closed, so a dead server never makes the caller spin.
core::Result<std::string> Client::read_line(Clock::time_point deadline) {
    for (;;) {
        if (const auto lf = buffer_.find('\n'); lf != std::string::npos) {
            std::string line = buffer_.substr(0, lf);
            buffer_.erase(0, lf + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return line;
        }
        if (buffer_.size() > max_reply) return core::make_error("bad-reply", "gossip client: reply line too long");
        if (!wait_for(fd_, POLLIN, deadline)) return core::make_error("timeout", "gossip client: no reply in time");
        char chunk[1024];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n > 0) {
            buffer_.append(chunk, static_cast<std::size_t>(n));
            received_ = true;
        } else if (n == 0) {
            return core::make_error("eof", "gossip client: server closed the connection");
        } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            return core::make_error("io", std::string("gossip client: recv: ") + std::strerror(errno));
        }
    }
}

// §6: a Q reply may be preceded by empty lines; every reply ends with an empty line.
core::Result<std::string> Client::read_reply(bool query, Clock::time_point deadline) {
    auto line = read_line(deadline);
    while (query && line && line->empty()) line = read_line(deadline);
    if (!line) return line;
    auto end = read_line(deadline);
    if (!end) return end.error();
    if (!end->empty()) return core::make_error("bad-reply", "gossip client: reply not followed by an empty line");
    return line;
}

core::Result<std::string> Client::exchange(const Request& request) {
    const std::string bytes = format_request(request) + "\n\n";
    for (int attempt = 0;; ++attempt) {
        if (fd_ < 0) {
            if (auto s = connect(); !s) return s.error();
        }
        const bool fresh = attempt > 0;
        received_ = false;
        auto sent = send_all(bytes);
        auto reply = sent ? read_reply(is_query(request), Clock::now() + timeouts_.read)
                          : core::Result<std::string>(sent.error());
        if (reply) return reply;
        close();  // the stream state is unknown after any failure
        // Reconnect once when an idle connection turned out to be closed (§8); never
        // after part of a reply arrived, so feedback is not sent twice.
        const auto& code = reply.error().code;
        if (fresh || received_ || (code != "eof" && code != "io")) return reply.error();
    }
}

core::Result<Answer> Client::query(std::string_view umis, std::string_view id, std::string_view qual, int ttl) {
    Request request = QueryRequest{std::string(id), std::string(qual), ttl, std::string(umis), std::nullopt};
    if (auto check = parse_request(format_request(request)); !check) return check.error();
    auto reply = exchange(request);
    if (!reply) return reply.error();
    auto answer = parse_answer(*reply);
    if (answer && answer->umis != umis) return core::make_error("bad-reply", "gossip client: reply for another UMIS");
    return answer;
}

core::Status Client::feedback(std::string_view umis, bool spam) {
    Request request = FeedbackRequest{std::string(umis), spam};
    if (auto check = parse_request(format_request(request)); !check) return check.error();
    auto reply = exchange(request);
    if (!reply) return reply.error();
    if (!reply->empty()) return core::make_error("error-reply", "gossip client: server answered: " + *reply);
    return {};
}

core::Status Client::reset(std::string_view id, std::string_view qual) {
    Request request = ResetRequest{std::string(id), std::string(qual)};
    if (auto check = parse_request(format_request(request)); !check) return check.error();
    auto reply = exchange(request);
    if (!reply) return reply.error();
    if (!reply->empty()) return core::make_error("error-reply", "gossip client: server answered: " + *reply);
    return {};
}

}  // namespace mailsec::gossip
