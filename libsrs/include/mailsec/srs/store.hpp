// srs::Store: where the DB scheme keeps the senders it forwarded (srs.md §4), keyed
// by their hash. SqliteStore is the embedded default; srsd or tests may plug in another.
// Implementations must be safe to call from many threads.
//
//   auto store = srs::SqliteStore::open("/var/lib/srsd/srs.db").value();
//   store->put("OOHcPPI9lm2bQ11OnkgZFs8E", {"orig.com", "mouse", 1705320000});
//   auto row = store->get("OOHcPPI9lm2bQ11OnkgZFs8E");   // Result<optional<StoredSender>>
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mailsec/core/result.hpp"

namespace mailsec::srs {

struct StoredSender {
    std::string host;
    std::string local;
    std::int64_t time = 0;  // Unix seconds of the last forward
};

class Store {
public:
    virtual ~Store() = default;

    // Inserts the row, or refreshes its time when the key exists.
    virtual core::Status put(std::string_view key, const StoredSender& sender) = 0;

    // nullopt when the key is unknown; an error (store-failed) when the store cannot be read.
    virtual core::Result<std::optional<StoredSender>> get(std::string_view key) = 0;

    // Deletes the rows last written before `cutoff`; returns how many went.
    virtual core::Result<std::size_t> expire(std::int64_t cutoff) = 0;
};

}  // namespace mailsec::srs
