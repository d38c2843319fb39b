// Session I/O and the two request protocols (srs.md §7, §8).
#include "session.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>

#include "tcp_table.hpp"

namespace mailsec::srsd {

Session::Session(Socket socket, std::shared_ptr<ServerState> state)
    : socket_(std::move(socket)), idle_(socket_.get_executor()), state_(std::move(state)) {
    ++state_->connections;
}

Session::~Session() { --state_->connections; }

void Session::start() {
    last_read_ = std::chrono::steady_clock::now();
    arm_idle_timer(state_->limits.idle_timeout);
    read();
}

// The timer is not re-armed on every read (that costs a timerfd update per request);
// when it fires it checks the last read and sleeps again for the remainder.
void Session::arm_idle_timer(std::chrono::steady_clock::duration after) {
    idle_.expires_after(after);
    idle_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (ec) return;  // cancelled: the session closed
        auto idle_until = self->last_read_ + self->state_->limits.idle_timeout;
        auto now = std::chrono::steady_clock::now();
        if (now >= idle_until) return self->close();
        self->arm_idle_timer(idle_until - now);
    });
}

void Session::close() {
    boost::system::error_code ignored;
    socket_.shutdown(Socket::shutdown_both, ignored);
    socket_.close(ignored);
    idle_.cancel();
}

void Session::read() {
    socket_.async_read_some(boost::asio::buffer(in_),
                            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                                if (ec) return self->close();
                                self->last_read_ = std::chrono::steady_clock::now();
                                bool keep_open = self->consume(std::string_view(self->in_.data(), n), self->out_);
                                if (!self->out_.empty()) return self->write(keep_open);
                                if (keep_open) return self->read();
                                self->close();
                            });
}

void Session::write(bool keep_open) {
    boost::asio::async_write(socket_, boost::asio::buffer(out_),
                             [self = shared_from_this(), keep_open](const boost::system::error_code& ec, std::size_t) {
                                 self->out_.clear();
                                 if (ec || !keep_open) return self->close();
                                 self->read();
                             });
}

SocketmapSession::SocketmapSession(Socket socket, std::shared_ptr<ServerState> state)
    : Session(std::move(socket), std::move(state)), decoder_(this->state().limits.max_request) {}

bool SocketmapSession::consume(std::string_view bytes, std::string& out) {
    decoder_.append(bytes);
    for (;;) {
        auto frame = decoder_.next();
        switch (frame.status) {
            case Frame::Status::complete:
                append_netstring(out, socketmap_payload(state().maps->request(frame.payload)));
                break;
            case Frame::Status::need_more: return true;
            case Frame::Status::too_long:
                state().log.warning("request refused", {{"reason", "request too long"},
                                                        {"max_request", state().limits.max_request}});
                append_netstring(out, "PERM request too long");
                return false;
            case Frame::Status::malformed:
                state().log.warning("request refused", {{"reason", "malformed netstring, closing"}});
                return false;
        }
    }
}

TcpTableSession::TcpTableSession(Socket socket, std::shared_ptr<ServerState> state, std::string map)
    : Session(std::move(socket), std::move(state)), map_(std::move(map)) {}

bool TcpTableSession::consume(std::string_view bytes, std::string& out) {
    buffer_.append(bytes);
    std::size_t start = 0;
    const auto max = state().limits.max_request;
    for (auto nl = buffer_.find('\n'); nl != std::string::npos; nl = buffer_.find('\n', start)) {
        std::string_view line(buffer_.data() + start, nl - start);
        start = nl + 1;
        auto key = line.size() <= max ? decode_tcp_table_request(line) : core::make_error("invalid", "too long");
        if (!key) {
            state().log.warning("request refused", {{"map", map_}, {"reason", "invalid tcp_table request"}});
            out += tcp_table_invalid;
            return false;
        }
        out += tcp_table_reply(state().maps->lookup(map_, *key));
    }
    buffer_.erase(0, start);
    if (buffer_.size() > max) {
        state().log.warning("request refused", {{"map", map_}, {"reason", "tcp_table request too long"}});
        out += tcp_table_invalid;
        return false;
    }
    return true;
}

}  // namespace mailsec::srsd
