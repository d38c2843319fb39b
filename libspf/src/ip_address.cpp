// IP address text forms for SPF: RFC 7208 §5.6 (ip4/ip6 networks), §7.3 (%{i} and
// %{c}), RFC 4291 §2.2 (IPv6 text), RFC 5952 (canonical IPv6 output).
#include "mailsec/spf/ip_address.hpp"

#include <algorithm>
#include <vector>

namespace mailsec::spf {
namespace {

constexpr char hex_lower[] = "0123456789abcdef";
constexpr char hex_upper[] = "0123456789ABCDEF";

core::Error ip_error(std::string_view what) { return core::make_error("invalid-ip", std::string(what)); }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        auto pos = text.find(sep, start);
        parts.push_back(text.substr(start, pos == std::string_view::npos ? pos : pos - start));
        if (pos == std::string_view::npos) return parts;
        start = pos + 1;
    }
}

// Parses colon-separated 16-bit groups; a dotted quad may end the list (it counts
// as two groups). Empty input gives no groups.
bool parse_groups(std::string_view text, bool allow_quad, std::vector<std::uint16_t>& out) {
    if (text.empty()) return true;
    auto parts = split(text, ':');
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string_view p = parts[i];
        if (allow_quad && i + 1 == parts.size() && p.find('.') != std::string_view::npos) {
            auto quad = parse_ipv4(p);
            if (!quad) return false;
            out.push_back(static_cast<std::uint16_t>((*quad)[0] << 8 | (*quad)[1]));
            out.push_back(static_cast<std::uint16_t>((*quad)[2] << 8 | (*quad)[3]));
            return true;
        }
        if (p.empty() || p.size() > 4) return false;
        unsigned value = 0;
        for (char c : p) {
            int v = hex_value(c);
            if (v < 0) return false;
            value = value * 16 + static_cast<unsigned>(v);
        }
        out.push_back(static_cast<std::uint16_t>(value));
    }
    return true;
}

}  // namespace

core::Result<IpAddress::V4> parse_ipv4(std::string_view text) {
    auto parts = split(text, '.');
    if (parts.size() != 4) return ip_error("not a dotted quad");
    IpAddress::V4 out{};
    for (std::size_t i = 0; i < 4; ++i) {
        std::string_view p = parts[i];
        // RFC 7208 §5.6 / RFC 3986 dec-octet: no leading zeros, at most 255.
        if (p.empty() || p.size() > 3 || (p.size() > 1 && p[0] == '0')) return ip_error("bad IPv4 octet");
        unsigned value = 0;
        for (char c : p) {
            if (c < '0' || c > '9') return ip_error("bad IPv4 octet");
            value = value * 10 + static_cast<unsigned>(c - '0');
        }
        if (value > 255) return ip_error("IPv4 octet above 255");
        out[i] = static_cast<std::uint8_t>(value);
    }
    return out;
}

core::Result<IpAddress::V6> parse_ipv6(std::string_view text) {
    std::vector<std::uint16_t> head, tail;
    auto gap = text.find("::");
    bool ok;
    if (gap == std::string_view::npos) {
        ok = parse_groups(text, true, head) && head.size() == 8;
    } else {
        std::string_view left = text.substr(0, gap), right = text.substr(gap + 2);
        ok = right.find("::") == std::string_view::npos && parse_groups(left, false, head) &&
             parse_groups(right, true, tail) && head.size() + tail.size() <= 7;
    }
    if (!ok) return ip_error("bad IPv6 address");
    IpAddress::V6 out{};
    for (std::size_t i = 0; i < head.size(); ++i) {
        out[2 * i] = static_cast<std::uint8_t>(head[i] >> 8);
        out[2 * i + 1] = static_cast<std::uint8_t>(head[i] & 0xff);
    }
    std::size_t base = 16 - 2 * tail.size();
    for (std::size_t i = 0; i < tail.size(); ++i) {
        out[base + 2 * i] = static_cast<std::uint8_t>(tail[i] >> 8);
        out[base + 2 * i + 1] = static_cast<std::uint8_t>(tail[i] & 0xff);
    }
    return out;
}

IpAddress IpAddress::v4(const V4& bytes) {
    IpAddress ip;
    std::copy(bytes.begin(), bytes.end(), ip.bytes_.begin());
    ip.v4_ = true;
    return ip;
}

IpAddress IpAddress::v6(const V6& bytes) {
    static constexpr std::uint8_t mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(std::begin(mapped_prefix), std::end(mapped_prefix), bytes.begin()))
        return v4(V4{bytes[12], bytes[13], bytes[14], bytes[15]});
    return v6_unmapped(bytes);
}

IpAddress IpAddress::v6_unmapped(const V6& bytes) {
    IpAddress ip;
    ip.bytes_ = bytes;
    ip.v4_ = false;
    return ip;
}

core::Result<IpAddress> IpAddress::parse(std::string_view text) {
    if (text.find(':') == std::string_view::npos) {
        auto quad = parse_ipv4(text);
        if (!quad) return quad.error();
        return v4(*quad);
    }
    auto bytes = parse_ipv6(text);
    if (!bytes) return bytes.error();
    return v6(*bytes);
}

IpAddress::V4 IpAddress::v4_bytes() const noexcept { return V4{bytes_[0], bytes_[1], bytes_[2], bytes_[3]}; }

std::string IpAddress::to_string() const {
    std::string out;
    if (v4_) {
        for (int i = 0; i < 4; ++i) {
            if (i) out += '.';
            out += std::to_string(bytes_[static_cast<std::size_t>(i)]);
        }
        return out;
    }
    std::array<unsigned, 8> groups{};
    for (std::size_t i = 0; i < 8; ++i) groups[i] = static_cast<unsigned>(bytes_[2 * i] << 8 | bytes_[2 * i + 1]);
    // RFC 5952 §4.2: compress the longest run of two or more zero groups (the first on a tie).
    int best = -1, best_len = 1;
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && groups[static_cast<std::size_t>(j)] == 0) ++j;
        if (j - i > best_len) best = i, best_len = j - i;
        i = (j == i) ? i + 1 : j;
    }
    for (int i = 0; i < 8; ++i) {
        if (i == best) {
            out += "::";
            i += best_len - 1;
            continue;
        }
        if (!out.empty() && out.back() != ':') out += ':';
        char buf[4];
        int n = 0;
        unsigned g = groups[static_cast<std::size_t>(i)];
        do buf[n++] = hex_lower[g & 0xf], g >>= 4; while (g);
        while (n) out += buf[--n];
    }
    return out;
}

std::string IpAddress::macro_i() const {
    if (v4_) return to_string();
    std::string out;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i) out += '.';
        out += hex_upper[bytes_[i] >> 4];
        out += '.';
        out += hex_upper[bytes_[i] & 0xf];
    }
    return out;
}

std::string IpAddress::reverse_name() const {
    std::string out;
    if (v4_) {
        for (int i = 3; i >= 0; --i) out += std::to_string(bytes_[static_cast<std::size_t>(i)]) + '.';
        return out + "in-addr.arpa";
    }
    for (int i = 15; i >= 0; --i) {
        out += hex_lower[bytes_[static_cast<std::size_t>(i)] & 0xf];
        out += '.';
        out += hex_lower[bytes_[static_cast<std::size_t>(i)] >> 4];
        out += '.';
    }
    return out + "ip6.arpa";
}

bool IpAddress::in_network(const IpAddress& network, int prefix) const noexcept {
    if (v4_ != network.v4_) return false;
    int bits = static_cast<int>(size()) * 8;
    if (prefix < 0 || prefix > bits) return false;
    std::size_t full = static_cast<std::size_t>(prefix / 8);
    if (!std::equal(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(full), network.bytes_.begin()))
        return false;
    int rest = prefix % 8;
    if (rest == 0) return true;
    auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (bytes_[full] & mask) == (network.bytes_[full] & mask);
}

}  // namespace mailsec::spf
