// A raw GOSSiP line client for gossipd's tests: exact bytes out, exact bytes back,
// with deadlines so a broken daemon fails a test instead of hanging it. It can bind
// a source address (127.0.0.3) so a test client is not mistaken for a loopback peer.
#pragma once

#include <chrono>
#include <string>

namespace gossipd_test {

class LineClient {
public:
    explicit LineClient(int port, const std::string& host = "127.0.0.1", const std::string& source = "");
    ~LineClient();
    LineClient(const LineClient&) = delete;
    LineClient& operator=(const LineClient&) = delete;

    bool connected() const { return fd_ >= 0; }
    bool send(const std::string& bytes);
    // Bytes until `n` arrived or the deadline passed.
    std::string read_exact(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds{5});
    // Whatever arrives within `timeout` (until EOF or the deadline).
    std::string read_for(std::chrono::milliseconds timeout);
    // One reply: bytes up to and including the "\n\n" that ends it ("" on timeout/EOF).
    std::string read_reply(std::chrono::milliseconds timeout = std::chrono::seconds{5});
    // send(line + "\n\n") then the reply line without its terminator.
    std::string request(const std::string& line, std::chrono::milliseconds timeout = std::chrono::seconds{5});
    // true when the server closed the connection (EOF) within `timeout`.
    bool closed_by_peer(std::chrono::milliseconds timeout);

private:
    int wait_readable(std::chrono::steady_clock::time_point deadline);
    int fd_ = -1;
    std::string buffer_;
    bool eof_ = false;
};

}  // namespace gossipd_test
