// mailsec::dns::Resolver — the one door to DNS for every mailsec library.
//
// Implementations: LdnsResolver (the network), CachingResolver (a decorator with
// TTL and negative caching) and ZoneResolver (an in-memory zone for tests, the SPF
// suites and `spfquery --zone`). Callers see only this interface.
//
//   dns::LdnsResolver net(dns::LdnsOptions{});            // resolv.conf
//   dns::Answer a = net.lookup("example.com", dns::RecordType::MX, std::chrono::seconds{5});
//
// Every implementation is safe to call from many threads at once.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "mailsec/core/result.hpp"
#include "mailsec/dns/answer.hpp"

namespace mailsec::dns {

using Deadline = std::chrono::steady_clock::time_point;

class Resolver {
public:
    virtual ~Resolver() = default;

    // Looks `name` up for `type`, never waiting past `deadline`. An invalid name
    // gives Status::invalid_name without a query. CNAMEs are followed.
    virtual Answer lookup(std::string_view name, RecordType type, Deadline deadline) = 0;

    // Same, with a per-call timeout.
    Answer lookup(std::string_view name, RecordType type, std::chrono::milliseconds timeout) {
        return lookup(name, type, std::chrono::steady_clock::now() + timeout);
    }
};

// Normalises a query name: strips one trailing dot, lowercases ASCII, and checks it
// (no empty label, labels <= 63 octets, name <= 253 octets, printable ASCII only,
// not empty). The root name "." normalises to "". Error code "invalid-name".
core::Result<std::string> normalize_name(std::string_view name);

// Maximum CNAME hops followed before a lookup answers tempfail ("cname-too-long").
inline constexpr int max_cname_hops = 10;

}  // namespace mailsec::dns
