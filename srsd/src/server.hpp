// srsd's network side: Boost.Asio acceptors and sessions on one event loop (no
// thread or fork per connection; the loop may be run by a few threads, one per CPU). Each listener speaks socketmap (srs.md §7) or
// one tcp_table map (§8); sessions close when idle and beyond the connection limit.
//
//   boost::asio::io_context io;
//   srsd::Server server(io, maps, settings.limits, log);
//   server.add_listener(std::move(fd), srsd::Protocol::socketmap);  // from daemon::open_listener
//   io.run();
#pragma once

#include <boost/asio/basic_socket_acceptor.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "config.hpp"
#include "mailsec/daemon/fd.hpp"
#include "mailsec/daemon/log.hpp"
#include "maps.hpp"

namespace mailsec::srsd {

enum class Protocol { socketmap, tcp_forward, tcp_reverse };

struct ServerState;  // shared by the server and its sessions

class Server {
public:
    Server(boost::asio::io_context& io, Maps& maps, Limits limits, daemon::Logger log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Adopts a listening socket and starts accepting on it.
    void add_listener(daemon::Fd fd, Protocol protocol);
    // Stops accepting; open sessions end with the event loop.
    void close_listeners();
    std::size_t connections() const;

private:
    using Acceptor = boost::asio::basic_socket_acceptor<boost::asio::generic::stream_protocol>;
    void accept(Acceptor& acceptor, Protocol protocol);

    boost::asio::io_context& io_;
    std::shared_ptr<ServerState> state_;
    std::vector<std::unique_ptr<Acceptor>> acceptors_;
};

}  // namespace mailsec::srsd
