// Client networks for gossipd's allow-list, trusted_feedback and admin_clients
// (gossip.md §8), and the one address normalization every comparison uses:
// IPv4-mapped IPv6 becomes IPv4, so "::ffff:127.0.0.1" is loopback and a peer is
// recognised whichever family its connection arrives on.
//
//   auto nets = gossipd::parse_networks({"127.0.0.0/8", "::1", "192.0.2.7"});
//   if (nets && nets->contains(gossipd::normalize(remote))) accept();
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/core/result.hpp"

namespace mailsec::gossipd {

using Address = boost::asio::ip::address;

// IPv4-mapped IPv6 -> IPv4; anything else unchanged.
Address normalize(const Address& address);
// The normalized text form used as the pending-feedback origin ("127.0.0.1", "2001:db8::1").
std::string address_text(const Address& address);
// 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104.
bool is_loopback(const Address& address);

// One address prefix: "192.0.2.0/24", "2001:db8::/32", or a single address.
struct Network {
    Address base;
    unsigned prefix = 0;
    bool contains(const Address& address) const;
    std::string text() const;
};

// Errors have code "bad-network".
core::Result<Network> parse_network(std::string_view text);

class NetworkList {
public:
    NetworkList() = default;
    explicit NetworkList(std::vector<Network> networks) : networks_(std::move(networks)) {}
    bool contains(const Address& address) const;
    void add(Network network) { networks_.push_back(std::move(network)); }
    const std::vector<Network>& networks() const { return networks_; }

private:
    std::vector<Network> networks_;
};

core::Result<NetworkList> parse_networks(const std::vector<std::string>& items);

}  // namespace mailsec::gossipd
