// mailsec::dns::CachingResolver — a bounded, thread-safe LRU cache in front of
// another Resolver (dns-mime.md A1).
//
//   auto net = dns::LdnsResolver::create({}).value();
//   core::SystemClock clock;
//   dns::CachingResolver cache(*net, dns::CacheOptions{}, clock);
//   cache.lookup("example.com", dns::RecordType::TXT, std::chrono::seconds{5});
//   auto s = cache.stats();   // hits, misses, entries
//
// Positive answers live for their minimum TTL (capped by max_ttl); nodata and
// nxdomain for their SOA negative TTL, and are not cached without one; tempfail
// and invalid_name are never cached. Keys are (lowercase name, type).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "mailsec/core/clock.hpp"
#include "mailsec/dns/resolver.hpp"

namespace mailsec::dns {

struct CacheOptions {
    std::size_t max_entries = 10000;
    std::chrono::seconds max_ttl{86400};
    std::chrono::seconds max_negative_ttl{3600};
};

struct CacheStats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::size_t entries = 0;
};

class CachingResolver final : public Resolver {
public:
    // `inner` and `clock` must outlive the cache.
    CachingResolver(Resolver& inner, CacheOptions options, const core::Clock& clock);
    ~CachingResolver() override;
    CachingResolver(const CachingResolver&) = delete;
    CachingResolver& operator=(const CachingResolver&) = delete;

    using Resolver::lookup;
    Answer lookup(std::string_view name, RecordType type, Deadline deadline) override;

    CacheStats stats() const;
    void clear();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace mailsec::dns
