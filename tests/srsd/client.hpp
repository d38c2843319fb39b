// A raw socketmap / tcp_table client for the end-to-end tests: blocking sockets,
// netstrings by hand, so the tests see exactly the bytes srsd sends.
#pragma once

#include <string>

namespace srsd_test {

class Client {
public:
    static Client tcp(int port);                 // 127.0.0.1:port
    static Client tcp6(int port);                // [::1]:port
    static Client unix_socket(const std::string& path);
    ~Client();
    Client(Client&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool send(const std::string& bytes);
    void close_write();  // shutdown(SHUT_WR): the server sees EOF
    // One netstring's payload; "<closed>" when the server closed first, "<bad>" on a framing error.
    std::string read_netstring();
    // One line without its LF; "<closed>" on EOF.
    std::string read_line();
    // Everything until the server closes (or 5 s pass: "<timeout>").
    std::string read_until_close();
    // A netstring request and its reply payload.
    std::string query(const std::string& payload);

private:
    explicit Client(int fd) : fd_(fd) {}
    int read_byte();  // -1 on EOF/error
    int fd_ = -1;
};

}  // namespace srsd_test
