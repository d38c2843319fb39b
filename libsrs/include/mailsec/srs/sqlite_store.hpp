// srs::SqliteStore: the DB scheme's store in one SQLite file (srs.md §4). Rows older
// than maxage go in the DB scheme's periodic sweep (expire()); a row bound evicts the
// oldest rows first, so a flood of forwards cannot fill the disk. Thread-safe.
//
//   srs::SqliteStoreOptions so;
//   so.max_rows = 100000;
//   auto store = srs::SqliteStore::open("/var/lib/srsd/srs.db", so);
//   if (!store) die(store.error().message);
//   std::shared_ptr<srs::Store> shared = std::move(*store);
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>

#include "mailsec/srs/store.hpp"

namespace mailsec::srs {

struct SqliteStoreOptions {
    std::size_t max_rows = 1'000'000;  // srs.md §4 default bound
};

class SqliteStore final : public Store {
public:
    // Opens or creates the file (":memory:" for a private in-memory store).
    static core::Result<std::unique_ptr<SqliteStore>> open(const std::filesystem::path& file,
                                                           SqliteStoreOptions options = {});
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    core::Status put(std::string_view key, const StoredSender& sender) override;
    core::Result<std::optional<StoredSender>> get(std::string_view key) override;
    core::Result<std::size_t> expire(std::int64_t cutoff) override;

    // Number of rows.
    core::Result<std::size_t> size();

private:
    struct Impl;
    explicit SqliteStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mailsec::srs
