// One persistent connection to a peer (gossip.md §6, §8): sends one request line,
// returns the first non-empty reply line, within a connect deadline and an answer
// deadline. A connection the peer closed while idle is reopened once; any failure
// closes the link (the stream may be out of step), and the caller drops it.
//
//   auto link = std::make_shared<gossipd::PeerLink>(io, endpoints, timeouts);
//   link->exchange("Q:example.com:SPF:0:U1", [](core::Result<std::string> line) { ... });
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config.hpp"
#include "mailsec/core/result.hpp"

namespace mailsec::gossipd {

class PeerLink : public std::enable_shared_from_this<PeerLink> {
public:
    using Endpoints = std::vector<boost::asio::ip::tcp::endpoint>;
    using Done = std::function<void(core::Result<std::string>)>;

    PeerLink(boost::asio::io_context& io, Endpoints endpoints, PeerTimeouts timeouts);

    // One request/reply; `done` runs exactly once, on the io_context. Error codes:
    // "connect", "timeout", "eof", "io".
    void exchange(std::string request_line, Done done);
    bool healthy() const { return socket_.is_open() && !failed_; }
    void close();

private:
    void connect();
    void send();
    void read();
    bool take_line();
    void fail(const std::string& code, const std::string& message);
    void finish(core::Result<std::string> result);
    void arm(std::chrono::milliseconds deadline);

    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer timer_;
    Endpoints endpoints_;
    PeerTimeouts timeouts_;
    std::string request_;
    std::string buffer_;
    std::array<char, 4096> in_{};
    Done done_;
    bool reused_ = false;    // this exchange started on an already open connection
    bool received_ = false;  // some byte of the reply arrived
    bool failed_ = false;
    bool timed_out_ = false;
    unsigned generation_ = 0;  // of the armed deadline
};

}  // namespace mailsec::gossipd
