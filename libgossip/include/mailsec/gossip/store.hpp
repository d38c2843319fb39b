// The storage seam of GOSSiP (gossip.md §2, §6, §8): observation records keyed by
// "id:qual" (peer trust under "<host>:PEER") and the pending-feedback table that maps
// a UMIS to the key it was asked about. SqliteStore is the embedded default.
//
//   auto store = gossip::SqliteStore::open("/var/lib/gossip/gossip.db").value();
//   store->vote("example.com:SPF", -1, now, 1024);
//   auto rec = store->get("example.com:SPF");        // Result<optional<Record>>
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "mailsec/core/result.hpp"
#include "mailsec/gossip/observations.hpp"

namespace mailsec::gossip {

// §6 register(umis, key, origin): who asked about which key, and when.
struct PendingEntry {
    std::string umis;
    std::string key;
    std::string origin;  // the asking client's normalized address
    double time = 0.0;
};

struct ExpiryCount {
    std::size_t records = 0;
    std::size_t pending = 0;
};

// Every mutating call is durable when it returns (the reply may be sent after it),
// except inside a batch: there it is durable once end_batch() has succeeded.
// Implementations are safe to call from several threads.
class Store {
public:
    virtual ~Store() = default;

    virtual core::Result<std::optional<Record>> get(std::string_view key) = 0;
    // Creates the record (Record::create(maxobs, now)) on its first vote (§2).
    virtual core::Result<Record> vote(std::string_view key, Vote v, double now, int maxobs) = 0;
    // true when a record was deleted.
    virtual core::Result<bool> erase(std::string_view key) = 0;

    // §6: first mapping wins (false when the UMIS was already pending); at most
    // `qsize` entries, the oldest evicted first.
    virtual core::Result<bool> add_pending(const PendingEntry& entry, std::size_t qsize) = 0;
    virtual core::Result<std::optional<PendingEntry>> find_pending(std::string_view umis) = 0;
    // Removes the entry (one vote per message); true when it existed.
    virtual core::Result<bool> remove_pending(std::string_view umis) = 0;

    // §8 online expiry: records with lastseen < record_cutoff, pending entries with
    // time < pending_cutoff.
    virtual core::Result<ExpiryCount> expire(double record_cutoff, double pending_cutoff) = 0;

    // Group commit: the calls one thread makes between begin_batch() and end_batch()
    // share one transaction, each still all-or-nothing; other threads' calls wait for
    // end_batch(). Nothing in the batch is durable before end_batch() returns
    // success, so replies to the batched requests must be sent only after it. On
    // error the batch is over and its changes are rolled back. A store without
    // transactions may keep the defaults (every call durable by itself).
    //   if (store.begin_batch()) { store.vote(...); store.add_pending(...); }
    //   auto durable = store.end_batch();   // then reply
    virtual core::Status begin_batch() { return {}; }
    virtual core::Status end_batch() { return {}; }
};

}  // namespace mailsec::gossip
