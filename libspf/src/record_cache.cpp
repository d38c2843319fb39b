// The parsed-record cache of a Checker (record_cache.hpp).
#include "record_cache.hpp"

namespace mailsec::spf::detail {

std::shared_ptr<const ParsedRecord> RecordCache::parse(std::string_view text) {
    if (capacity_ == 0 || text.size() > max_text) return std::make_shared<const ParsedRecord>(parse_record(text));
    {
        std::lock_guard lock(mutex_);
        if (auto it = entries_.find(text); it != entries_.end()) return it->second;
    }
    // Parse outside the lock: another thread may parse the same text meanwhile,
    // which only costs the duplicate work.
    auto parsed = std::make_shared<const ParsedRecord>(parse_record(text));
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_) entries_.clear();
    entries_.emplace(std::string(text), parsed);
    return parsed;
}

}  // namespace mailsec::spf::detail
