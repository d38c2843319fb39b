// Acceptors, the allow-list (closed without reading) and periodic expiry.
#include "server.hpp"

#include <sys/socket.h>

namespace mailsec::gossipd {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

asio::ip::tcp family_of(int fd) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
    return ss.ss_family == AF_INET6 ? asio::ip::tcp::v6() : asio::ip::tcp::v4();
}

}  // namespace

Server::Server(asio::io_context& io, gossip::Node& node, PeerPool* pool, const PeerDirectory& directory,
               const Settings& settings, const core::Clock& clock, daemon::Logger log)
    : io_(io),
      context_(std::make_shared<ServerContext>(node, pool, directory, settings, clock, std::move(log))),
      expiry_(io) {}

void Server::add_listener(daemon::Fd fd) {
    auto acceptor = std::make_unique<Acceptor>(io_);
    const auto protocol = family_of(fd.get());
    acceptor->assign(protocol, fd.release());
    accept(*acceptor);
    acceptors_.push_back(std::move(acceptor));
}

void Server::close_listeners() {
    for (auto& a : acceptors_) {
        error_code ignored;
        a->close(ignored);
    }
    expiry_.cancel();
}

void Server::accept(Acceptor& acceptor) {
    acceptor.async_accept([this, &acceptor](const error_code& ec, asio::ip::tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
        if (ec)
            context_->log.warning("accept failed", {{"error", ec.message()}});
        else
            admit(std::move(socket));
        accept(acceptor);
    });
}

// §8: clients outside the allow-list (and not a configured peer) are closed
// without reading a byte.
void Server::admit(asio::ip::tcp::socket socket) {
    error_code ec;
    const auto remote = socket.remote_endpoint(ec);
    if (ec) return;
    auto caller = identify_caller(remote.address(), context_->directory, context_->settings);
    if (!caller.peer && !context_->settings.allow.contains(remote.address())) {
        context_->log.warning("connection refused: not in allow", {{"client", caller.address}});
        return;
    }
    if (context_->connections >= context_->settings.limits.max_connections) {
        context_->log.warning("connection refused: max_connections reached", {{"client", caller.address}});
        return;
    }
    std::make_shared<Session>(std::move(socket), std::move(caller), context_)->start();
}

void Server::expire_every(std::chrono::seconds interval) {
    expire_interval_ = interval;
    arm_expiry();
}

void Server::arm_expiry() {
    expiry_.expires_after(expire_interval_);
    expiry_.async_wait([this](const error_code& ec) {
        if (ec) return;
        auto n = context_->node.expire();
        if (!n)
            context_->log.warning("expiry failed", {{"error", n.error().message}});
        else
            context_->log.info("expired", {{"records", n->records}, {"pending", n->pending}});
        arm_expiry();
    });
}

}  // namespace mailsec::gossipd
