// Acceptors for srsd's listeners (srs.md §7: connection limit).
#include "server.hpp"

#include <sys/socket.h>

#include <boost/asio/strand.hpp>

#include "session.hpp"

namespace mailsec::srsd {

namespace {
// The protocol of an adopted socket, from its address family.
boost::asio::generic::stream_protocol protocol_of(int fd) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    int family = addr.ss_family;
    return {family, family == AF_UNIX ? 0 : IPPROTO_TCP};
}

std::string_view map_of(Protocol p) { return p == Protocol::tcp_forward ? "forward" : "reverse"; }
}  // namespace

Server::Server(boost::asio::io_context& io, Maps& maps, Limits limits, daemon::Logger log)
    : io_(io), state_(std::make_shared<ServerState>(&maps, limits, std::move(log))) {}

Server::~Server() = default;

void Server::add_listener(daemon::Fd fd, Protocol protocol) {
    auto acceptor = std::make_unique<Acceptor>(io_);
    auto proto = protocol_of(fd.get());
    acceptor->assign(proto, fd.release());
    accept(*acceptor, protocol);
    acceptors_.push_back(std::move(acceptor));
}

void Server::close_listeners() {
    boost::system::error_code ignored;
    for (auto& a : acceptors_) a->close(ignored);
}

std::size_t Server::connections() const { return state_->connections; }

void Server::accept(Acceptor& acceptor, Protocol protocol) {
    // Each connection gets its own strand: several threads may run the loop (threads key).
    acceptor.async_accept(boost::asio::make_strand(io_), [this, &acceptor, protocol](const boost::system::error_code& ec,
                                                                                      Session::Socket socket) {
        if (ec == boost::asio::error::operation_aborted) return;
        if (!ec) {
            if (state_->connections >= state_->limits.max_connections) {
                state_->log.warning("connection refused", {{"reason", "connection limit"},
                                                           {"max_connections", state_->limits.max_connections}});
                boost::system::error_code ignored;
                socket.close(ignored);
            } else if (protocol == Protocol::socketmap) {
                std::make_shared<SocketmapSession>(std::move(socket), state_)->start();
            } else {
                std::make_shared<TcpTableSession>(std::move(socket), state_, std::string(map_of(protocol)))->start();
            }
        } else {
            state_->log.warning("accept failed", {{"error", ec.message()}});  // EMFILE and the like: carry on
        }
        accept(acceptor, protocol);
    });
}

}  // namespace mailsec::srsd
