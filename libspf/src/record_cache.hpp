// Internal: parsed records memoised by their exact bytes, shared by every check of
// one Checker. A long-lived checker (spfmilter) sees the same records again and
// again; parsing is a third of a check's work, so repeats skip it. Keyed by the
// record text, an entry can never be stale: DNS is still asked on every check.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "mailsec/spf/record.hpp"

namespace mailsec::spf::detail {

class RecordCache {
public:
    // At most `capacity` records (each at most max_text bytes) are kept; when full,
    // the cache starts over (no LRU bookkeeping on the hot path).
    explicit RecordCache(std::size_t capacity) : capacity_(capacity) {}

    // parse_record(text), from the cache when this text was parsed before.
    std::shared_ptr<const ParsedRecord> parse(std::string_view text);

    static constexpr std::size_t max_text = 4096;

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };

    std::size_t capacity_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const ParsedRecord>, Hash, std::equal_to<>> entries_;
};

}  // namespace mailsec::spf::detail
