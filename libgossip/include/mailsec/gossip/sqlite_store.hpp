// gossip::Store on one SQLite file (gossip.md §8 "Storage"): WAL with
// synchronous=NORMAL, one row per key with the ring as two 128-byte blobs, and the
// pending-feedback table, so reputations and pending feedback survive restarts and
// kill -9 loses nothing that was answered.
//
//   auto store = gossip::SqliteStore::open(datadir / "gossip.db");
//   if (!store) fatal(store.error().message);
#pragma once

#include <filesystem>
#include <memory>

#include "mailsec/gossip/store.hpp"

namespace mailsec::gossip {

class SqliteStore final : public Store {
public:
    // Opens or creates the database (":memory:" for a private in-memory store).
    static core::Result<std::unique_ptr<SqliteStore>> open(const std::filesystem::path& path);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    core::Result<std::optional<Record>> get(std::string_view key) override;
    core::Result<Record> vote(std::string_view key, Vote v, double now, int maxobs) override;
    core::Result<bool> erase(std::string_view key) override;
    core::Result<bool> add_pending(const PendingEntry& entry, std::size_t qsize) override;
    core::Result<std::optional<PendingEntry>> find_pending(std::string_view umis) override;
    core::Result<bool> remove_pending(std::string_view umis) override;
    core::Result<ExpiryCount> expire(double record_cutoff, double pending_cutoff) override;
    // One BEGIN IMMEDIATE .. COMMIT; the calls inside become savepoints. The store
    // stays locked to the calling thread until end_batch(); begin_batch() while a
    // batch of the same thread is open and end_batch() without one are errors.
    core::Status begin_batch() override;
    core::Status end_batch() override;

    // PRAGMA integrity_check == "ok".
    core::Result<bool> integrity_ok();

private:
    struct Impl;
    explicit SqliteStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mailsec::gossip
