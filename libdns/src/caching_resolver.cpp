#include "mailsec/dns/caching_resolver.hpp"

#include <algorithm>
#include <list>
#include <mutex>
#include <unordered_map>

namespace mailsec::dns {

namespace {

struct Key {
    std::string name;
    RecordType type;
    bool operator==(const Key&) const = default;
};

struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept {
        return std::hash<std::string>{}(k.name) ^ (static_cast<std::size_t>(k.type) * 0x9e3779b97f4a7c15ULL);
    }
};

struct Entry {
    Key key;
    Answer answer;
    core::Clock::time_point expires;
};

}  // namespace

struct CachingResolver::Impl {
    Impl(Resolver& r, CacheOptions o, const core::Clock& c) : inner(r), options(o), clock(c) {}

    Resolver& inner;
    CacheOptions options;
    const core::Clock& clock;

    mutable std::mutex mutex;
    std::list<Entry> lru;  // front = most recently used
    std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index;
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;

    // How long an answer may be kept, or nullopt when it must not be cached
    // (dns-mime.md A1: tempfail and invalid names never; negatives only with an SOA).
    std::optional<std::chrono::seconds> lifetime(const Answer& a) const {
        if (!a.ttl || *a.ttl == 0) return std::nullopt;
        std::chrono::seconds ttl{*a.ttl};
        switch (a.status) {
            case Status::records: return std::min(ttl, options.max_ttl);
            case Status::nodata:
            case Status::nxdomain: return std::min(ttl, options.max_negative_ttl);
            default: return std::nullopt;
        }
    }

    std::optional<Answer> find(const Key& key, core::Clock::time_point now) {
        std::lock_guard lock(mutex);
        auto it = index.find(key);
        if (it == index.end()) {
            ++misses;
            return std::nullopt;
        }
        if (it->second->expires <= now) {
            lru.erase(it->second);
            index.erase(it);
            ++misses;
            return std::nullopt;
        }
        lru.splice(lru.begin(), lru, it->second);
        ++hits;
        Answer answer = it->second->answer;
        // Report the time left, as a caching server would.
        auto left = std::chrono::duration_cast<std::chrono::seconds>(it->second->expires - now).count();
        answer.ttl = static_cast<std::uint32_t>(std::max<long long>(left, 1));
        return answer;
    }

    void store(const Key& key, const Answer& answer, core::Clock::time_point now) {
        auto life = lifetime(answer);
        if (!life || options.max_entries == 0) return;
        std::lock_guard lock(mutex);
        if (auto it = index.find(key); it != index.end()) {
            lru.erase(it->second);
            index.erase(it);
        }
        lru.push_front(Entry{key, answer, now + *life});
        index.emplace(key, lru.begin());
        while (lru.size() > options.max_entries) {
            index.erase(lru.back().key);
            lru.pop_back();
        }
    }
};

CachingResolver::CachingResolver(Resolver& inner, CacheOptions options, const core::Clock& clock)
    : impl_(std::make_unique<Impl>(inner, options, clock)) {}

CachingResolver::~CachingResolver() = default;

Answer CachingResolver::lookup(std::string_view name, RecordType type, Deadline deadline) {
    auto normal = normalize_name(name);
    if (!normal) return Answer::failure(Status::invalid_name, name, type, normal.error().message);
    Key key{*normal, type};
    auto now = impl_->clock.now();
    if (auto hit = impl_->find(key, now)) return *hit;
    // The lock is not held here: a slow lookup never blocks other names.
    Answer answer = impl_->inner.lookup(key.name, type, deadline);
    impl_->store(key, answer, now);
    return answer;
}

CacheStats CachingResolver::stats() const {
    std::lock_guard lock(impl_->mutex);
    return CacheStats{impl_->hits, impl_->misses, impl_->lru.size()};
}

void CachingResolver::clear() {
    std::lock_guard lock(impl_->mutex);
    impl_->lru.clear();
    impl_->index.clear();
}

}  // namespace mailsec::dns
