// SQLite store for the DB scheme (srs.md §4): one table keyed by hash, an index on
// time for the sweep and for evicting the oldest rows past the bound.
#include "mailsec/srs/sqlite_store.hpp"

#include <sqlite3.h>

#include <mutex>

#include "mailsec/srs/error.hpp"

namespace mailsec::srs {
namespace {

struct DbClose {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StmtFinalize {
    void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbClose>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

constexpr const char* schema =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS srs_sender ("
    "  key TEXT PRIMARY KEY NOT NULL, host TEXT NOT NULL, local TEXT NOT NULL, time INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS srs_sender_time ON srs_sender(time);";

core::Error failed(sqlite3* db, std::string_view what) {
    return make_error(ErrorKind::store_failed, "sqlite store: " + std::string(what) + ": " + sqlite3_errmsg(db));
}

// Resets a statement after use, whatever the path out.
class Use {
public:
    explicit Use(sqlite3_stmt* s) : s_(s) {}
    ~Use() {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    sqlite3_stmt* get() const { return s_; }

private:
    sqlite3_stmt* s_;
};

void bind_text(sqlite3_stmt* s, int i, std::string_view v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* s, int i) {
    const auto* p = sqlite3_column_text(s, i);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
             : std::string();
}

}  // namespace

struct SqliteStore::Impl {
    DbPtr db;
    StmtPtr update, insert, select, expire, count, evict;
    std::size_t max_rows = 0;
    std::size_t rows = 0;  // kept in step with the table, so put() need not count
    std::mutex mutex;

    core::Status prepare(StmtPtr& out, const char* sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db.get(), sql, -1, &s, nullptr) != SQLITE_OK) return failed(db.get(), "prepare");
        out.reset(s);
        return {};
    }

    core::Result<std::size_t> count_rows() {
        Use use(count.get());
        if (sqlite3_step(use.get()) != SQLITE_ROW) return failed(db.get(), "count");
        return static_cast<std::size_t>(sqlite3_column_int64(use.get(), 0));
    }

    core::Status evict_oldest(std::size_t n) {
        Use use(evict.get());
        sqlite3_bind_int64(use.get(), 1, static_cast<sqlite3_int64>(n));
        if (sqlite3_step(use.get()) != SQLITE_DONE) return failed(db.get(), "evict");
        auto gone = static_cast<std::size_t>(sqlite3_changes(db.get()));
        rows = rows > gone ? rows - gone : 0;
        return {};
    }
};

core::Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::filesystem::path& file,
                                                             SqliteStoreOptions options) {
    if (options.max_rows == 0) return make_error(ErrorKind::bad_config, "sqlite store: max_rows must be positive");
    auto impl = std::make_unique<Impl>();
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    impl->db.reset(raw);
    if (rc != SQLITE_OK)
        return make_error(ErrorKind::store_failed, "sqlite store: cannot open '" + file.string() +
                                                       "': " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
    sqlite3_busy_timeout(raw, 5000);
    if (sqlite3_exec(raw, schema, nullptr, nullptr, nullptr) != SQLITE_OK) return failed(raw, "schema");
    for (auto [stmt, sql] : {
             std::pair{&impl->update, "UPDATE srs_sender SET time = ?2 WHERE key = ?1"},
             std::pair{&impl->insert, "INSERT INTO srs_sender (key, host, local, time) VALUES (?1, ?2, ?3, ?4)"},
             std::pair{&impl->select, "SELECT host, local, time FROM srs_sender WHERE key = ?1"},
             std::pair{&impl->expire, "DELETE FROM srs_sender WHERE time < ?1"},
             std::pair{&impl->count, "SELECT COUNT(*) FROM srs_sender"},
             std::pair{&impl->evict, "DELETE FROM srs_sender WHERE rowid IN "
                                     "(SELECT rowid FROM srs_sender ORDER BY time, rowid LIMIT ?1)"},
         }) {
        if (auto st = impl->prepare(*stmt, sql); !st) return st.error();
    }
    impl->max_rows = options.max_rows;
    auto rows = impl->count_rows();
    if (!rows) return rows.error();
    impl->rows = *rows;
    // A smaller bound than the file was written with applies at once.
    if (impl->rows > impl->max_rows)
        if (auto st = impl->evict_oldest(impl->rows - impl->max_rows); !st) return st.error();
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
}

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

core::Status SqliteStore::put(std::string_view key, const StoredSender& sender) {
    std::lock_guard lock(impl_->mutex);
    sqlite3* db = impl_->db.get();
    {
        Use use(impl_->update.get());  // a repeated forward refreshes the time (srs.md §4)
        bind_text(use.get(), 1, key);
        sqlite3_bind_int64(use.get(), 2, sender.time);
        if (sqlite3_step(use.get()) != SQLITE_DONE) return failed(db, "update");
        if (sqlite3_changes(db) > 0) return {};
    }
    {
        Use use(impl_->insert.get());
        bind_text(use.get(), 1, key);
        bind_text(use.get(), 2, sender.host);
        bind_text(use.get(), 3, sender.local);
        sqlite3_bind_int64(use.get(), 4, sender.time);
        if (sqlite3_step(use.get()) != SQLITE_DONE) return failed(db, "insert");
    }
    if (++impl_->rows > impl_->max_rows) return impl_->evict_oldest(impl_->rows - impl_->max_rows);
    return {};
}

core::Result<std::optional<StoredSender>> SqliteStore::get(std::string_view key) {
    std::lock_guard lock(impl_->mutex);
    Use use(impl_->select.get());
    bind_text(use.get(), 1, key);
    int rc = sqlite3_step(use.get());
    if (rc == SQLITE_DONE) return std::optional<StoredSender>{};
    if (rc != SQLITE_ROW) return failed(impl_->db.get(), "select");
    return std::optional<StoredSender>{
        StoredSender{column_text(use.get(), 0), column_text(use.get(), 1), sqlite3_column_int64(use.get(), 2)}};
}

core::Result<std::size_t> SqliteStore::expire(std::int64_t cutoff) {
    std::lock_guard lock(impl_->mutex);
    Use use(impl_->expire.get());
    sqlite3_bind_int64(use.get(), 1, cutoff);
    if (sqlite3_step(use.get()) != SQLITE_DONE) return failed(impl_->db.get(), "expire");
    auto gone = static_cast<std::size_t>(sqlite3_changes(impl_->db.get()));
    impl_->rows = impl_->rows > gone ? impl_->rows - gone : 0;
    return gone;
}

core::Result<std::size_t> SqliteStore::size() {
    std::lock_guard lock(impl_->mutex);
    return impl_->count_rows();
}

}  // namespace mailsec::srs
