// Peer identities (gossip.md §8): each configured peer's host resolved at start and
// every peer_resolve_interval, the last good addresses kept when a lookup fails (an
// unresolvable name never crashes the node). identify() answers "is this client that
// peer?" by normalized address, so a peer is recognised whichever family it uses.
//
//   gossipd::PeerDirectory dir(io, settings.peers, log);
//   dir.resolve_all();                          // blocking, at start-up
//   dir.refresh_every(std::chrono::minutes{10});
//   if (auto i = dir.identify(remote_address)) caller.peer = *i;
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <optional>
#include <vector>

#include "config.hpp"
#include "mailsec/daemon/log.hpp"
#include "networks.hpp"

namespace mailsec::gossipd {

class PeerDirectory {
public:
    using Endpoints = std::vector<boost::asio::ip::tcp::endpoint>;

    PeerDirectory(boost::asio::io_context& io, std::vector<PeerSpec> peers, daemon::Logger log);

    // Resolves every peer now (blocking); failures keep the previous addresses.
    void resolve_all();
    // Re-resolves in the background every `interval` (asynchronous lookups).
    void refresh_every(std::chrono::seconds interval);
    void stop();

    std::optional<std::size_t> identify(const Address& address) const;
    const Endpoints& endpoints(std::size_t peer) const { return endpoints_.at(peer); }
    const PeerSpec& spec(std::size_t peer) const { return peers_.at(peer); }
    std::size_t size() const { return peers_.size(); }
    // Every resolved peer address (the allow-list admits them).
    bool is_peer_address(const Address& address) const { return identify(address).has_value(); }

private:
    void store(std::size_t peer, const boost::asio::ip::tcp::resolver::results_type& results);
    void resolve_async(std::size_t peer);
    void arm();

    std::vector<PeerSpec> peers_;
    daemon::Logger log_;
    std::vector<Endpoints> endpoints_;
    boost::asio::ip::tcp::resolver resolver_;
    boost::asio::steady_timer timer_;
    std::chrono::seconds interval_{600};
};

}  // namespace mailsec::gossipd
