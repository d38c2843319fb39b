// The asking side of one peer connection, on the event loop (gossip.md §8:
// per-peer deadlines, persistent connections; a late answer is a failure).
#include "peer_link.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include "mailsec/core/ascii.hpp"
#include "mailsec/gossip/protocol.hpp"

namespace mailsec::gossipd {

namespace asio = boost::asio;
using boost::system::error_code;

PeerLink::PeerLink(asio::io_context& io, Endpoints endpoints, PeerTimeouts timeouts)
    : socket_(io), timer_(io), endpoints_(std::move(endpoints)), timeouts_(timeouts) {}

void PeerLink::close() {
    error_code ignored;
    socket_.close(ignored);
}

void PeerLink::arm(std::chrono::milliseconds deadline) {
    timer_.expires_after(deadline);
    // A deadline that expired just as its exchange finished may still run; the
    // generation keeps it from closing the next exchange's connection.
    timer_.async_wait([self = shared_from_this(), generation = ++generation_](const error_code& ec) {
        if (ec || !self->done_ || generation != self->generation_) return;
        self->timed_out_ = true;
        self->close();  // the pending operation completes with operation_aborted
    });
}

void PeerLink::exchange(std::string request_line, Done done) {
    request_ = std::move(request_line);
    request_ += "\n\n";
    done_ = std::move(done);
    buffer_.clear();
    received_ = false;
    timed_out_ = false;
    reused_ = socket_.is_open();
    if (reused_) return send();
    connect();
}

void PeerLink::connect() {
    if (endpoints_.empty()) return fail("connect", "no address");
    arm(timeouts_.connect);
    asio::async_connect(socket_, endpoints_, [self = shared_from_this()](const error_code& ec, const auto&) {
        if (!self->done_) return;
        if (self->timed_out_) return self->fail("timeout", "connect deadline passed");
        if (ec) return self->fail("connect", ec.message());
        error_code ignored;
        self->socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
        self->send();
    });
}

void PeerLink::send() {
    arm(timeouts_.answer);
    asio::async_write(socket_, asio::buffer(request_), [self = shared_from_this()](const error_code& ec, std::size_t) {
        if (!self->done_) return;
        if (ec) return self->fail(self->timed_out_ ? "timeout" : "io", ec.message());
        self->read();
    });
}

// The first non-empty line (clients skip empty lines before a reply, §6).
bool PeerLink::take_line() {
    for (auto nl = buffer_.find('\n'); nl != std::string::npos; nl = buffer_.find('\n')) {
        const std::string line(core::trim(std::string_view(buffer_).substr(0, nl)));
        buffer_.erase(0, nl + 1);
        if (line.empty()) continue;
        finish(line);
        return true;
    }
    if (buffer_.size() > gossip::max_line) fail("io", "reply line too long");
    return !done_;
}

void PeerLink::read() {
    socket_.async_read_some(asio::buffer(in_), [self = shared_from_this()](const error_code& ec, std::size_t n) {
        if (!self->done_) return;
        if (self->timed_out_) return self->fail("timeout", "answer deadline passed");
        if (ec) {
            if (self->reused_ && !self->received_) {  // closed while idle: reopen once
                self->close();
                self->reused_ = false;
                return self->connect();
            }
            return self->fail(ec == asio::error::eof ? "eof" : "io", ec.message());
        }
        self->received_ = true;
        self->buffer_.append(self->in_.data(), n);
        if (!self->take_line()) self->read();
    });
}

void PeerLink::fail(const std::string& code, const std::string& message) {
    failed_ = true;
    close();
    finish(core::make_error(code, message));
}

void PeerLink::finish(core::Result<std::string> result) {
    if (!done_) return;
    ++generation_;
    timer_.cancel();
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(result));
}

}  // namespace mailsec::gossipd
