// mailsec::spf::IpAddress — the SMTP client address an SPF check is about.
//
// Parses IPv4 dotted quads and RFC 4291 IPv6 text (any case, "::" compression, an
// embedded dotted quad). An IPv4-mapped IPv6 address (::ffff:a.b.c.d) *is* IPv4 for
// SPF (spf.md §1; RFC 7208 §5): A lookups, ip4, %{i}, %{c} and %{v} all see IPv4.
//
//   auto ip = spf::IpAddress::parse("::FFFF:192.0.2.3");
//   if (!ip) return usage_error(ip.error().message);
//   assert(ip->is_v4() && ip->to_string() == "192.0.2.3");
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "mailsec/core/result.hpp"

namespace mailsec::spf {

class IpAddress {
public:
    using V4 = std::array<std::uint8_t, 4>;
    using V6 = std::array<std::uint8_t, 16>;

    IpAddress() = default;  // 0.0.0.0
    static IpAddress v4(const V4& bytes);
    // Maps ::ffff:0:0/96 to IPv4.
    static IpAddress v6(const V6& bytes);
    // Never maps: an ip6: network such as ::ffff:0:0/96 stays IPv6 (it matches no
    // IPv4 client, RFC 7208 §5.6).
    static IpAddress v6_unmapped(const V6& bytes);

    // Error code "invalid-ip".
    static core::Result<IpAddress> parse(std::string_view text);

    bool is_v4() const noexcept { return v4_; }
    // 4 bytes for IPv4 (the first 4 of bytes()), 16 for IPv6.
    const V6& bytes() const noexcept { return bytes_; }
    V4 v4_bytes() const noexcept;
    std::size_t size() const noexcept { return v4_ ? 4 : 16; }

    // %{c}: dotted quad, or RFC 5952 lowercase IPv6 ("cafe:babe::1").
    std::string to_string() const;
    // %{i}: dotted quad, or 32 uppercase hex nibbles joined by "." (RFC 7208 §7.3).
    std::string macro_i() const;
    // The PTR query name: d.c.b.a.in-addr.arpa or the nibbles reversed .ip6.arpa.
    std::string reverse_name() const;

    // True if the first `prefix` bits equal those of `network` (same family only).
    bool in_network(const IpAddress& network, int prefix) const noexcept;

    bool operator==(const IpAddress&) const = default;

private:
    V6 bytes_{};
    bool v4_ = true;
};

// Strict RFC 7208 §5.6 dotted quad: four octets 0|[1-9][0-9]{0,2} <= 255.
core::Result<IpAddress::V4> parse_ipv4(std::string_view text);
// RFC 4291 §2.2 text (no zone index, no prefix). Returns the raw 16 bytes, not mapped.
core::Result<IpAddress::V6> parse_ipv6(std::string_view text);

}  // namespace mailsec::spf
