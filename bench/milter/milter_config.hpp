// milter_config: what one milter_load run is configured with and how it reaches
// the filter. Options holds the parsed command line (endpoint, concurrency,
// envelope, extra macros, chunking, timeouts); MessageData is the test message as
// the MTA sends it; parse_endpoint reads libmilter socket specs (unix:, local:,
// /path, inet:, inet6:); Socket owns a file descriptor and open_socket connects
// one to the filter with the configured I/O timeouts; angle/bare/domain_of shape
// envelope addresses for commands and macros.
#pragma once

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "milter_wire.hpp"

namespace milter_bench {

struct Endpoint {
    bool unix_socket = true;
    std::string path;  // unix
    std::string host;  // inet: without brackets
    std::string port;
    int family = AF_INET;
};

struct Macro {
    std::string name;
    std::string value;
};

struct Options {
    std::string socket;
    Endpoint endpoint;
    int connections = 1;
    std::optional<long> messages;
    std::optional<double> duration;
    std::string message_file;
    std::string client_ip = "192.0.2.1";
    std::string client_name = "client.bench.invalid";
    std::string helo = "client.bench.invalid";
    std::string from = "<sender@bench.invalid>";
    std::vector<std::string> rcpts;
    std::array<std::vector<Macro>, kMacroStages> extra_macros;
    long per_connection = 0;
    std::size_t chunk = 65535;
    int timeout = 10;
    bool nodelay = false;
    bool trace = false;
    bool quiet = false;
};

// The message as the MTA sends it: header values with folds joined by "\n" and the
// leading space kept (stripped at send time unless HDR_LEADSPC), body in CRLF.
struct MessageData {
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};
// Splits a message (LF or CRLF, optional mbox "From " line) into headers and a CRLF body.
MessageData parse_message(std::string_view text);

// "<addr>" for SMTP commands, "addr" for macros, the domain after the last '@'.
std::string angle(std::string_view addr);
std::string bare(std::string_view addr);
std::string domain_of(std::string_view addr);

// A libmilter socket spec; throws std::invalid_argument when malformed.
Endpoint parse_endpoint(std::string_view spec);

class Socket {
public:
    Socket() = default;
    explicit Socket(int fd) : fd_(fd) {}
    Socket(Socket&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Socket& operator=(Socket&& o) noexcept {
        if (this != &o) {
            reset();
            fd_ = std::exchange(o.fd_, -1);
        }
        return *this;
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    ~Socket() { reset(); }
    int fd() const { return fd_; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
};

// Connects to opt.endpoint (TCP_NODELAY if asked, SO_RCVTIMEO/SO_SNDTIMEO set);
// throws std::runtime_error on failure.
Socket open_socket(const Options& opt);

}  // namespace milter_bench
