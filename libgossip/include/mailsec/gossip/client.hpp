// gossip::Client: a milter's persistent connection to a GOSSiP server (gossip.md §6,
// §8 "Client library"). Connect and read deadlines, one reconnect when the server
// closed the idle connection, every reply read (the empty F/R acknowledgements
// included) so the stream stays in step; ERROR replies and connection failures are
// error values, so the milter carries on without a score.
//
//   gossip::Client client("127.0.0.1", 11900);
//   auto a = client.query(umis, "example.com", "SPF");   // Result<Answer>
//   if (a && a->rep < -70 && a->cfi > 5) reject();
//   (void)client.feedback(umis, /*spam=*/true);
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "mailsec/core/result.hpp"
#include "mailsec/gossip/protocol.hpp"

namespace mailsec::gossip {

struct Timeouts {
    std::chrono::milliseconds connect{2000};
    std::chrono::milliseconds read{3000};  // for the whole reply of one request
};

class Client {
public:
    Client(std::string host, std::uint16_t port = default_port, Timeouts timeouts = {});
    ~Client();
    Client(Client&& other) noexcept;
    Client& operator=(Client&& other) noexcept;
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    core::Result<Answer> query(std::string_view umis, std::string_view id, std::string_view qual, int ttl = 1);
    core::Status feedback(std::string_view umis, bool spam);
    core::Status reset(std::string_view id, std::string_view qual);

    // Sends one request and returns its reply line (without terminator). Error codes:
    // "connect", "timeout", "eof", "io", "bad-reply", "bad-request".
    core::Result<std::string> exchange(const Request& request);

    bool connected() const { return fd_ >= 0; }
    void close();

private:
    core::Status connect();
    core::Status send_all(std::string_view bytes);
    core::Result<std::string> read_line(std::chrono::steady_clock::time_point deadline);
    core::Result<std::string> read_reply(bool query, std::chrono::steady_clock::time_point deadline);

    std::string host_;
    std::uint16_t port_;
    Timeouts timeouts_;
    int fd_ = -1;
    std::string buffer_;
    bool received_ = false;  // bytes of the current reply arrived
};

}  // namespace mailsec::gossip
