// mailsec::dns::LdnsResolver — DNS over the network with ldns (dns-mime.md A2).
//
//   dns::LdnsOptions opt;
//   opt.nameservers = {"127.0.0.1:5353"};          // empty: /etc/resolv.conf
//   opt.timeout = std::chrono::seconds{2};
//   auto r = dns::LdnsResolver::create(opt);       // core::Result<std::unique_ptr<...>>
//   if (!r) die(r.error().message);
//   dns::Answer a = (*r)->lookup("example.com", dns::RecordType::TXT, std::chrono::seconds{5});
//
// EDNS0 (UDP size 1232) on every query, TCP retry on truncation, one ldns resolver
// per calling thread (ldns resolvers are not thread-safe), and servers that timed
// out are tried again on the next query (ldns would otherwise mark them dead forever).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mailsec/core/result.hpp"
#include "mailsec/dns/resolver.hpp"

namespace mailsec::dns {

struct LdnsOptions {
    // "host" or "host:port"; IPv6 as "::1", "[::1]" or "[::1]:5353". All servers
    // must share one port (an ldns resolver has a single port). Empty: resolv.conf.
    std::vector<std::string> nameservers;
    std::string resolv_conf = "/etc/resolv.conf";
    std::chrono::milliseconds timeout{5000};  // per try, per server
    int retries = 2;                          // tries per server
    std::uint16_t edns_udp_size = 1232;       // 0 turns EDNS0 off
    bool tcp_fallback = true;                 // retry truncated UDP answers over TCP
};

// Parses "host[:port]" / "[v6]:port" / bare IPv6. Error code "bad-nameserver".
struct Nameserver {
    std::string address;  // numeric IPv4 or IPv6
    std::uint16_t port = 53;
};
core::Result<Nameserver> parse_nameserver(std::string_view text);

class LdnsResolver final : public Resolver {
public:
    // Fails (error value) on a bad server list, a missing resolv.conf or mixed ports.
    static core::Result<std::unique_ptr<LdnsResolver>> create(const LdnsOptions& options);

    ~LdnsResolver() override;
    LdnsResolver(const LdnsResolver&) = delete;
    LdnsResolver& operator=(const LdnsResolver&) = delete;

    using Resolver::lookup;
    Answer lookup(std::string_view name, RecordType type, Deadline deadline) override;

    const std::vector<Nameserver>& nameservers() const;

    struct Impl;

private:
    explicit LdnsResolver(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mailsec::dns
