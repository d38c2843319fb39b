// spfmilter's address lists ([milter] internal_connect, trusted_relay; milter.md
// §3.3): IPv4/IPv6 addresses with an optional /prefix, shell globs on the address
// text ("192.168.0.*"), or host names (resolved once, at start-up, §3.6; a /prefix
// after a host name widens its IPv4 addresses, its IPv6 addresses match exactly).
//
//   auto list = spfmilter::AddressList::parse({"127.0.0.1", "10.0.0.0/8", "mx.example.com/24"}, resolver);
//   if (!list) die(list.error().message);
//   bool internal = list->contains("10.1.2.3");
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mailsec/core/result.hpp"
#include "mailsec/dns/resolver.hpp"
#include "mailsec/spf/ip_address.hpp"

namespace mailsec::spfmilter {

class AddressList {
public:
    // Error code "bad-address": a bad prefix, or a host name that does not resolve.
    static core::Result<AddressList> parse(const std::vector<std::string>& items, dns::Resolver& resolver);

    // `address` is the client IP text as the MTA gives it; anything unparsable only
    // matches globs.
    bool contains(std::string_view address) const;
    bool empty() const { return networks_.empty() && globs_.empty(); }

private:
    struct Network {
        spf::IpAddress address;
        int prefix = 32;
    };
    core::Status add(std::string_view item, dns::Resolver& resolver);
    core::Status add_host(std::string_view host, int prefix, bool has_prefix, dns::Resolver& resolver);

    std::vector<Network> networks_;
    std::vector<std::string> globs_;
};

}  // namespace mailsec::spfmilter
