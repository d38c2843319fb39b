// One client connection: reads, hands the bytes to its protocol, writes the replies
// and reads again (lock-step or pipelined: every complete request in a read is
// answered in one write). An idle timer closes it. The socket's executor is a strand,
// so with several event-loop threads one session's handlers never run at once.
// Internal to the server.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "config.hpp"
#include "maps.hpp"
#include "netstring.hpp"

namespace mailsec::srsd {

struct ServerState {
    ServerState(Maps* m, Limits l, daemon::Logger g) : maps(m), limits(l), log(std::move(g)) {}
    Maps* maps;
    Limits limits;
    daemon::Logger log;
    std::atomic<std::size_t> connections{0};
};

class Session : public std::enable_shared_from_this<Session> {
public:
    using Socket = boost::asio::generic::stream_protocol::socket;
    Session(Socket socket, std::shared_ptr<ServerState> state);
    virtual ~Session();
    void start();

protected:
    // Appends replies for the requests in `bytes` to `out`; false = close after writing.
    virtual bool consume(std::string_view bytes, std::string& out) = 0;
    ServerState& state() { return *state_; }

private:
    void read();
    void write(bool keep_open);
    void arm_idle_timer(std::chrono::steady_clock::duration after);
    void close();

    Socket socket_;
    boost::asio::steady_timer idle_;
    std::chrono::steady_clock::time_point last_read_;
    std::shared_ptr<ServerState> state_;
    std::array<char, 16384> in_{};
    std::string out_;
};

// srs.md §7: netstring requests "<map> <key>", netstring replies.
class SocketmapSession final : public Session {
public:
    SocketmapSession(Socket socket, std::shared_ptr<ServerState> state);

private:
    bool consume(std::string_view bytes, std::string& out) override;
    NetstringDecoder decoder_;
};

// srs.md §8: tcp_table lines "get <key>", answered from one map.
class TcpTableSession final : public Session {
public:
    TcpTableSession(Socket socket, std::shared_ptr<ServerState> state, std::string map);

private:
    bool consume(std::string_view bytes, std::string& out) override;
    std::string map_;
    std::string buffer_;
};

}  // namespace mailsec::srsd
