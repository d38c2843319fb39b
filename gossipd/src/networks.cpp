// gossip.md §8: allow-lists and the normalized address that identifies a client.
#include "networks.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace mailsec::gossipd {
namespace {

// The address as 16 bytes (IPv4 in the first four) for prefix comparison.
std::array<unsigned char, 16> bytes_of(const Address& a) {
    std::array<unsigned char, 16> out{};
    if (a.is_v4()) {
        const auto b = a.to_v4().to_bytes();
        std::copy(b.begin(), b.end(), out.begin());
    } else {
        out = a.to_v6().to_bytes();
    }
    return out;
}

bool same_prefix(const Address& x, const Address& y, unsigned prefix) {
    const auto a = bytes_of(x);
    const auto b = bytes_of(y);
    unsigned i = 0;
    for (; prefix >= 8; prefix -= 8, ++i)
        if (a[i] != b[i]) return false;
    if (prefix == 0) return true;
    const auto mask = static_cast<unsigned char>(0xFF00u >> prefix);
    return (a[i] & mask) == (b[i] & mask);
}

core::Error bad(std::string_view text, std::string_view why) {
    return core::make_error("bad-network", "bad network \"" + std::string(text) + "\": " + std::string(why));
}

}  // namespace

Address normalize(const Address& address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
    return address;
}

std::string address_text(const Address& address) { return normalize(address).to_string(); }

bool is_loopback(const Address& address) { return normalize(address).is_loopback(); }

bool Network::contains(const Address& address) const {
    const Address a = normalize(address);
    if (a.is_v4() != base.is_v4()) return false;
    return same_prefix(a, base, prefix);
}

std::string Network::text() const { return base.to_string() + "/" + std::to_string(prefix); }

core::Result<Network> parse_network(std::string_view text) {
    const auto slash = text.find('/');
    const std::string host(text.substr(0, slash));
    boost::system::error_code ec;
    const Address written = boost::asio::ip::make_address(host, ec);
    if (ec) return bad(text, "not an IP address");
    const Address base = normalize(written);
    const unsigned width = written.is_v4() ? 32 : 128;
    unsigned prefix = width;
    if (slash != std::string_view::npos) {
        const auto digits = text.substr(slash + 1);
        const auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
        if (digits.empty() || err != std::errc{} || end != digits.data() + digits.size() || prefix > width)
            return bad(text, "prefix length out of range");
    }
    if (base != written) {  // ::ffff:a.b.c.d/N is a.b.c.d/(N - 96)
        if (prefix < 96) return bad(text, "a mapped IPv4 prefix must be at least /96");
        prefix -= 96;
    }
    return Network{base, prefix};
}

bool NetworkList::contains(const Address& address) const {
    return std::ranges::any_of(networks_, [&](const Network& n) { return n.contains(address); });
}

core::Result<NetworkList> parse_networks(const std::vector<std::string>& items) {
    NetworkList list;
    for (const auto& item : items) {
        auto n = parse_network(item);
        if (!n) return n.error();
        list.add(*n);
    }
    return list;
}

}  // namespace mailsec::gossipd
