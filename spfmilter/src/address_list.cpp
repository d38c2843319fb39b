// Address list matching (milter.md §3.3): networks, globs and resolved host names.
#include "address_list.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <charconv>

#include "mailsec/core/ascii.hpp"

namespace mailsec::spfmilter {

namespace {

core::Error bad(std::string_view item, std::string_view why) {
    return core::make_error("bad-address", "address list item \"" + std::string(item) + "\": " + std::string(why));
}

bool parse_prefix(std::string_view text, int max, int& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size() && out >= 0 && out <= max && !text.empty();
}

}  // namespace

core::Result<AddressList> AddressList::parse(const std::vector<std::string>& items, dns::Resolver& resolver) {
    AddressList list;
    for (const auto& item : items)
        if (auto st = list.add(core::trim(item), resolver); !st) return st.error();
    return list;
}

core::Status AddressList::add(std::string_view item, dns::Resolver& resolver) {
    if (item.empty()) return {};
    if (item.find_first_of("*?[") != std::string_view::npos) {
        globs_.push_back(core::to_lower(item));
        return {};
    }
    std::string_view host = item;
    int prefix = -1;
    if (auto slash = item.find('/'); slash != std::string_view::npos) {
        host = item.substr(0, slash);
        if (!parse_prefix(item.substr(slash + 1), 128, prefix)) return bad(item, "bad prefix length");
    }
    if (auto ip = spf::IpAddress::parse(host)) {
        int max = ip->is_v4() ? 32 : 128;
        if (prefix > max) return bad(item, "bad prefix length");
        networks_.push_back({*ip, prefix < 0 ? max : prefix});
        return {};
    }
    return add_host(host, prefix, prefix >= 0, resolver);
}

core::Status AddressList::add_host(std::string_view host, int prefix, bool has_prefix, dns::Resolver& resolver) {
    auto a = resolver.lookup(host, dns::RecordType::A, std::chrono::seconds{10});
    auto aaaa = resolver.lookup(host, dns::RecordType::AAAA, std::chrono::seconds{10});
    if (a.a.empty() && aaaa.aaaa.empty()) return bad(host, "host name does not resolve");
    for (const auto& v4 : a.a)
        networks_.push_back({spf::IpAddress::v4(v4), has_prefix ? std::min(prefix, 32) : 32});
    for (const auto& v6 : aaaa.aaaa)
        networks_.push_back({spf::IpAddress::v6(v6), 128});  // a /prefix is for IPv4 (§3.3)
    return {};
}

bool AddressList::contains(std::string_view address) const {
    if (auto ip = spf::IpAddress::parse(address)) {
        for (const auto& n : networks_)
            if (ip->is_v4() == n.address.is_v4() && ip->in_network(n.address, n.prefix)) return true;
    }
    std::string text = core::to_lower(address);
    for (const auto& g : globs_)
        if (::fnmatch(g.c_str(), text.c_str(), 0) == 0) return true;
    return false;
}

}  // namespace mailsec::spfmilter
