// gossipd's network side: Boost.Asio acceptors and sessions on one event loop (no
// thread per connection), the allow-list applied before any byte is read (gossip.md
// §8), the connection limit, and the hourly online expiry.
//
//   boost::asio::io_context io;
//   gossipd::Server server(io, node, &pool, directory, settings, clock, log);
//   server.add_listener(std::move(fd));          // from daemon::open_listener
//   server.expire_every(settings.expire_every);
//   io.run();
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <vector>

#include "mailsec/daemon/fd.hpp"
#include "session.hpp"

namespace mailsec::gossipd {

class Server {
public:
    Server(boost::asio::io_context& io, gossip::Node& node, PeerPool* pool, const PeerDirectory& directory,
           const Settings& settings, const core::Clock& clock, daemon::Logger log);
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Adopts a listening TCP socket (IPv4 or IPv6) and starts accepting on it.
    void add_listener(daemon::Fd fd);
    void close_listeners();
    // Runs node.expire() every `interval` (gossip.md §8 online expiry).
    void expire_every(std::chrono::seconds interval);
    std::size_t connections() const { return context_->connections; }

private:
    using Acceptor = boost::asio::ip::tcp::acceptor;
    void accept(Acceptor& acceptor);
    void admit(boost::asio::ip::tcp::socket socket);
    void arm_expiry();

    boost::asio::io_context& io_;
    std::shared_ptr<ServerContext> context_;
    std::vector<std::unique_ptr<Acceptor>> acceptors_;
    boost::asio::steady_timer expiry_;
    std::chrono::seconds expire_interval_{3600};
};

}  // namespace mailsec::gossipd
