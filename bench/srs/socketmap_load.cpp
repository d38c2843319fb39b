// Over-the-wire SRS load: K persistent connections, each sending N forward requests
// lock-step (request, wait for the reply, next: what Postfix does), the same sender
// mix as bench_srs. One thread drives every connection through epoll, so the client
// costs little CPU and the server, not the client, sets the rate. Speaks socketmap
// netstrings or Postfix tcp_table lines, so srsd and postsrsd 1.x are measured by
// the same client.
// DEPTH > 1 keeps that many requests outstanding per connection (pipelining, which
// both protocols allow): it measures what the server can do rather than the round trip.
//   usage: socketmap_load tcp_table|socketmap PORT CONNECTIONS REQUESTS [LABEL [DEPTH]]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

int connect_loopback(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return -1;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

bool send_all(int fd, const std::string& s) {
    std::size_t done = 0;
    while (done < s.size()) {
        auto n = ::send(fd, s.data() + done, s.size() - done, MSG_NOSIGNAL);
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// If `in` holds one complete reply: removes it, sets `ok`, returns true.
bool take_reply(std::string& in, bool socketmap, bool& ok) {
    if (socketmap) {
        auto colon = in.find(':');
        if (colon == std::string::npos) return false;
        auto len = std::strtoul(in.c_str(), nullptr, 10);
        if (in.size() < colon + len + 2) return false;
        ok = in.compare(colon + 1, 3, "OK ") == 0;
        in.erase(0, colon + len + 2);
        return true;
    }
    auto nl = in.find('\n');
    if (nl == std::string::npos) return false;
    ok = in.compare(0, 4, "200 ") == 0;
    in.erase(0, nl + 1);
    return true;
}

std::string request(bool socketmap, long i) {
    std::string sender = "user" + std::to_string(i) + "@example" + std::to_string(i % 97) + ".com";
    if (!socketmap) return "get " + sender + "\n";
    std::string payload = "forward " + sender;
    return std::to_string(payload.size()) + ":" + payload + ",";
}

struct Connection {
    int fd = -1;
    long sent = 0, answered = 0, first = 0;
    std::string in;
};

struct Totals {
    long ok = 0, bad = 0;
};

// Reads what arrived on `c`, counts the replies and sends the next request.
void on_readable(Connection& c, bool socketmap, long requests, Totals& t, long& open) {
    char buf[4096];
    auto n = ::recv(c.fd, buf, sizeof buf, 0);
    if (n <= 0) {
        t.bad += requests - c.answered;
        ::close(c.fd);
        c.fd = -1;
        --open;
        return;
    }
    c.in.append(buf, static_cast<std::size_t>(n));
    bool ok = false;
    while (take_reply(c.in, socketmap, ok)) {
        ++c.answered;
        ++(ok ? t.ok : t.bad);
        if (c.sent < requests) {
            send_all(c.fd, request(socketmap, c.first + c.sent));
            ++c.sent;
        }
    }
    if (c.answered == requests) {
        ::close(c.fd);
        c.fd = -1;
        --open;
    }
}

Totals drive(int port, bool socketmap, long connections, long requests, long depth) {
    Totals t;
    int ep = ::epoll_create1(0);
    std::vector<Connection> conns(static_cast<std::size_t>(connections));
    long open = 0;
    for (long i = 0; i < connections; ++i) {
        auto& c = conns[static_cast<std::size_t>(i)];
        c.first = i * requests;
        c.fd = connect_loopback(port);
        std::string first;
        for (; c.sent < depth && c.sent < requests; ++c.sent) first += request(socketmap, c.first + c.sent);
        if (c.fd < 0 || !send_all(c.fd, first)) {
            t.bad += requests;
            continue;
        }
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = static_cast<std::uint64_t>(i);
        ::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
        ++open;
    }
    epoll_event events[256];
    while (open > 0) {
        int n = ::epoll_wait(ep, events, 256, 10000);
        if (n <= 0) break;  // a server that stopped answering
        for (int i = 0; i < n; ++i)
            on_readable(conns[events[i].data.u64], socketmap, requests, t, open);
    }
    for (auto& c : conns)
        if (c.fd >= 0) {
            t.bad += requests - c.answered;
            ::close(c.fd);
        }
    ::close(ep);
    return t;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: socketmap_load tcp_table|socketmap PORT CONNECTIONS REQUESTS [LABEL [DEPTH]]\n");
        return 2;
    }
    bool socketmap = std::string(argv[1]) == "socketmap";
    int port = std::atoi(argv[2]);
    long connections = std::atol(argv[3]);
    long requests = std::atol(argv[4]);
    std::string label = argc > 5 ? argv[5] : "load";
    auto start = std::chrono::steady_clock::now();
    long depth = argc > 6 ? std::max(1L, std::atol(argv[6])) : 1;
    Totals t = drive(port, socketmap, connections, requests, depth);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s requests: %ld ok, %ld failed, %ld connections, %.3f s\n", label.c_str(), t.ok, t.bad,
                connections, seconds);
    std::printf("%s requests/s: %.0f\n", label.c_str(), static_cast<double>(t.ok) / seconds);
    return t.bad == 0 ? 0 : 1;
}
