// gossip.md §8 "Peer identities resolved and cached".
#include "peer_directory.hpp"

namespace mailsec::gossipd {

namespace ip = boost::asio::ip;

PeerDirectory::PeerDirectory(boost::asio::io_context& io, std::vector<PeerSpec> peers, daemon::Logger log)
    : peers_(std::move(peers)), log_(std::move(log)), endpoints_(peers_.size()), resolver_(io), timer_(io) {}

void PeerDirectory::store(std::size_t peer, const ip::tcp::resolver::results_type& results) {
    Endpoints fresh;
    for (const auto& r : results) fresh.emplace_back(normalize(r.endpoint().address()), r.endpoint().port());
    if (fresh.empty()) return;
    if (fresh != endpoints_[peer])
        log_.info("peer resolved", {{"peer", peers_[peer].name}, {"addresses", std::to_string(fresh.size())}});
    endpoints_[peer] = std::move(fresh);
}

void PeerDirectory::resolve_all() {
    for (std::size_t i = 0; i < peers_.size(); ++i) {
        boost::system::error_code ec;
        auto results = resolver_.resolve(peers_[i].host, std::to_string(peers_[i].port), ec);
        if (ec) {
            log_.warning("cannot resolve peer", {{"peer", peers_[i].name}, {"error", ec.message()}});
            continue;
        }
        store(i, results);
    }
}

void PeerDirectory::resolve_async(std::size_t peer) {
    if (peer >= peers_.size()) return arm();
    resolver_.async_resolve(
        peers_[peer].host, std::to_string(peers_[peer].port),
        [this, peer](const boost::system::error_code& ec, const ip::tcp::resolver::results_type& r) {
            if (ec == boost::asio::error::operation_aborted) return;
            if (ec)
                log_.warning("cannot resolve peer, keeping its last addresses",
                             {{"peer", peers_[peer].name}, {"error", ec.message()}});
            else
                store(peer, r);
            resolve_async(peer + 1);
        });
}

void PeerDirectory::arm() {
    timer_.expires_after(interval_);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) resolve_async(0);
    });
}

void PeerDirectory::refresh_every(std::chrono::seconds interval) {
    interval_ = interval;
    if (!peers_.empty()) arm();
}

void PeerDirectory::stop() {
    timer_.cancel();
    resolver_.cancel();
}

std::optional<std::size_t> PeerDirectory::identify(const Address& address) const {
    const Address a = normalize(address);
    for (std::size_t i = 0; i < endpoints_.size(); ++i)
        for (const auto& e : endpoints_[i])
            if (e.address() == a) return i;
    return std::nullopt;
}

}  // namespace mailsec::gossipd
