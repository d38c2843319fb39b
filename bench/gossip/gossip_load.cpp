// GOSSiP load client for bench/gossip/run: N persistent connections, each doing
// query+feedback pairs in lock-step (what a milter does per message), against a
// server on loopback. Prints "<label> pairs/s: N" and "<label> requests/s: N".
// usage: gossip_load PORT CONNECTIONS PAIRS_PER_CONNECTION LABEL [KEYS]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

int connect_to(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// Sends one request and reads its reply (everything up to the "\n\n" that ends it).
bool exchange(int fd, const std::string& request, std::string& buffer) {
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) return false;
    for (;;) {
        const auto end = buffer.find("\n\n");
        if (end != std::string::npos) {
            const bool error = buffer.compare(0, 5, "ERROR") == 0;
            buffer.erase(0, end + 2);
            return !error;
        }
        char in[4096];
        const auto n = ::recv(fd, in, sizeof in, 0);
        if (n <= 0) return false;
        buffer.append(in, static_cast<std::size_t>(n));
    }
}

void worker(int port, int id, long pairs, int keys, std::atomic<long>& done, std::atomic<bool>& failed) {
    const int fd = connect_to(port);
    if (fd < 0) {
        failed = true;
        return;
    }
    std::string buffer;
    for (long i = 0; i < pairs; ++i) {
        const std::string umis = "L" + std::to_string(id) + "x" + std::to_string(i);
        const std::string q = "Q:d" + std::to_string(i % keys) + ".example:SPF:1:" + umis + "\n\n";
        const std::string f = "F:" + umis + ":" + (i % 4 == 0 ? "0" : "1") + "\n\n";
        if (!exchange(fd, q, buffer) || !exchange(fd, f, buffer)) {
            failed = true;
            break;
        }
        ++done;
    }
    ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: gossip_load PORT CONNECTIONS PAIRS_PER_CONNECTION LABEL [KEYS]\n");
        return 2;
    }
    const int port = std::atoi(argv[1]);
    const int connections = std::atoi(argv[2]);
    const long pairs = std::atol(argv[3]);
    const std::string label = argv[4];
    const int keys = argc > 5 ? std::atoi(argv[5]) : 1000;
    std::atomic<long> done{0};
    std::atomic<bool> failed{false};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c)
        threads.emplace_back(worker, port, c, pairs, keys, std::ref(done), std::ref(failed));
    for (auto& t : threads) t.join();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (failed) std::fprintf(stderr, "%s: some connection failed\n", label.c_str());
    std::printf("%s pairs/s: %.0f\n", label.c_str(), static_cast<double>(done.load()) / secs);
    std::printf("%s requests/s: %.0f\n", label.c_str(), 2.0 * static_cast<double>(done.load()) / secs);
    std::printf("%s: %ld pairs on %d connections in %.2f s\n", label.c_str(), done.load(), connections, secs);
    return failed ? 1 : 0;
}
