// gossip.md §8 "Storage": one row per key (bptr, bcnt, hcnt, ncnt, maxobs,
// firstseen, lastseen, ham and null as 128-byte blobs, bit i = slot i) and the §6
// pending-feedback table; WAL + synchronous=NORMAL, each change its own transaction
// (a savepoint when it runs inside a begin_batch()..end_batch() group commit).
#include "mailsec/gossip/sqlite_store.hpp"

#include <array>
#include <mutex>

#include "sqlite_handle.hpp"

namespace mailsec::gossip {
namespace {

constexpr int blob_size = max_observations / 8;
using Blob = std::array<unsigned char, blob_size>;

// New databases use 1 KiB pages: a record row is ~300 bytes, and every commit
// writes each page it touched to the WAL, so smaller pages mean fewer bytes per
// vote (existing files keep their page size). The pending table's seq is a plain
// rowid: max(seq) + 1 keeps insertion order for the eviction without the
// sqlite_sequence row AUTOINCREMENT updates on every insert.
constexpr const char* schema =
    "PRAGMA page_size=1024;"
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS gossip_record ("
    "  key TEXT PRIMARY KEY NOT NULL, bptr INTEGER NOT NULL, bcnt INTEGER NOT NULL,"
    "  hcnt INTEGER NOT NULL, ncnt INTEGER NOT NULL, maxobs INTEGER NOT NULL,"
    "  firstseen REAL NOT NULL, lastseen REAL NOT NULL, ham BLOB NOT NULL, nul BLOB NOT NULL);"
    "CREATE INDEX IF NOT EXISTS gossip_record_lastseen ON gossip_record(lastseen);"
    "CREATE TABLE IF NOT EXISTS gossip_pending ("
    "  seq INTEGER PRIMARY KEY, umis TEXT UNIQUE NOT NULL, key TEXT NOT NULL,"
    "  origin TEXT NOT NULL, time REAL NOT NULL);"
    "CREATE INDEX IF NOT EXISTS gossip_pending_time ON gossip_pending(time);";

// Bit i is bit i % 8 of byte i / 8; converted a 64-bit word at a time (the
// per-bit loop was a visible share of every vote).
constexpr std::size_t word_bits = 64;
static_assert(max_observations % word_bits == 0);
using Bits = std::bitset<max_observations>;

Blob to_blob(const Bits& bits) {
    Blob out{};
    const Bits low_word(~0ULL);
    for (std::size_t w = 0; w < max_observations / word_bits; ++w) {
        const unsigned long long word = ((bits >> (w * word_bits)) & low_word).to_ullong();
        for (std::size_t b = 0; b < word_bits / 8; ++b)
            out[w * (word_bits / 8) + b] = static_cast<unsigned char>(word >> (8 * b));
    }
    return out;
}

bool from_blob(sqlite3_stmt* s, int col, Bits& bits) {
    if (sqlite3_column_bytes(s, col) != blob_size) return false;
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(s, col));
    bits.reset();
    for (std::size_t w = 0; w < max_observations / word_bits; ++w) {
        unsigned long long word = 0;
        for (std::size_t b = 0; b < word_bits / 8; ++b)
            word |= static_cast<unsigned long long>(p[w * (word_bits / 8) + b]) << (8 * b);
        if (word != 0) bits |= Bits(word) << (w * word_bits);
    }
    return true;
}

core::Result<Record> read_record(sqlite3_stmt* s, std::string_view key) {
    Record r;
    r.bptr = sqlite3_column_int(s, 0);
    r.bcnt = sqlite3_column_int(s, 1);
    r.hcnt = sqlite3_column_int(s, 2);
    r.ncnt = sqlite3_column_int(s, 3);
    r.maxobs = sqlite3_column_int(s, 4);
    r.firstseen = sqlite3_column_double(s, 5);
    r.lastseen = sqlite3_column_double(s, 6);
    if (!from_blob(s, 7, r.ham) || !from_blob(s, 8, r.null) || !r.consistent())
        return core::make_error("store-corrupt", "gossip sqlite store: inconsistent record " + std::string(key));
    return r;
}

}  // namespace

struct SqliteStore::Impl {
    sqlite::Db db;
    sqlite::Stmt select, upsert, remove, add_pending, evict, find_pending, remove_pending, expire_records,
        expire_pending;
    // Recursive: begin_batch() keeps it locked until end_batch(), and the calls in
    // between lock it again on the same thread.
    std::recursive_mutex mutex;
    bool batch = false;  // guarded by mutex

    core::Status prepare(sqlite::Stmt& out, const char* sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db.get(), sql, -1, &s, nullptr) != SQLITE_OK) return sqlite::failed(db.get(), "prepare");
        out.reset(s);
        return {};
    }

    core::Status prepare_all() {
        const std::pair<sqlite::Stmt*, const char*> all[] = {
            {&select,
             "SELECT bptr, bcnt, hcnt, ncnt, maxobs, firstseen, lastseen, ham, nul FROM gossip_record WHERE key = ?1"},
            {&upsert, "INSERT OR REPLACE INTO gossip_record VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"},
            {&remove, "DELETE FROM gossip_record WHERE key = ?1"},
            {&add_pending, "INSERT OR IGNORE INTO gossip_pending (umis, key, origin, time) VALUES (?1, ?2, ?3, ?4)"},
            {&evict,
             "DELETE FROM gossip_pending WHERE seq IN (SELECT seq FROM gossip_pending ORDER BY seq "
             "LIMIT max(0, (SELECT count(*) FROM gossip_pending) - ?1))"},
            {&find_pending, "SELECT key, origin, time FROM gossip_pending WHERE umis = ?1"},
            {&remove_pending, "DELETE FROM gossip_pending WHERE umis = ?1"},
            {&expire_records, "DELETE FROM gossip_record WHERE lastseen < ?1"},
            {&expire_pending, "DELETE FROM gossip_pending WHERE time < ?1"},
        };
        for (const auto& [stmt, sql] : all)
            if (auto s = prepare(*stmt, sql); !s) return s;
        return {};
    }

    core::Result<std::optional<Record>> get(std::string_view key) {
        sqlite::Use use(select);
        use.bind(1, key);
        const int rc = use.step();
        if (rc == SQLITE_DONE) return std::optional<Record>{};
        if (rc != SQLITE_ROW) return sqlite::failed(db.get(), "select");
        auto r = read_record(use.get(), key);
        if (!r) return r.error();
        return std::optional<Record>{std::move(*r)};
    }

    core::Status put(std::string_view key, const Record& r) {
        sqlite::Use use(upsert);
        use.bind(1, key);
        use.bind(2, sqlite3_int64{r.bptr});
        use.bind(3, sqlite3_int64{r.bcnt});
        use.bind(4, sqlite3_int64{r.hcnt});
        use.bind(5, sqlite3_int64{r.ncnt});
        use.bind(6, sqlite3_int64{r.maxobs});
        use.bind(7, r.firstseen);
        use.bind(8, r.lastseen);
        const Blob ham = to_blob(r.ham);
        const Blob nul = to_blob(r.null);
        use.bind_blob(9, ham.data(), blob_size);
        use.bind_blob(10, nul.data(), blob_size);
        if (use.step() != SQLITE_DONE) return sqlite::failed(db.get(), "upsert");
        return {};
    }

    core::Result<bool> run_key(const sqlite::Stmt& stmt, std::string_view key, const char* what) {
        sqlite::Use use(stmt);
        use.bind(1, key);
        if (use.step() != SQLITE_DONE) return sqlite::failed(db.get(), what);
        return sqlite3_changes(db.get()) > 0;
    }

    core::Result<std::size_t> run_cutoff(const sqlite::Stmt& stmt, double cutoff, const char* what) {
        sqlite::Use use(stmt);
        use.bind(1, cutoff);
        if (use.step() != SQLITE_DONE) return sqlite::failed(db.get(), what);
        return static_cast<std::size_t>(sqlite3_changes(db.get()));
    }
};

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() {
    if (impl_ && impl_->batch) {  // an unfinished batch is rolled back, never committed
        sqlite3_exec(impl_->db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        impl_->batch = false;
        impl_->mutex.unlock();
    }
}

core::Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::filesystem::path& path) {
    auto impl = std::make_unique<Impl>();
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    impl->db.reset(raw);
    if (rc != SQLITE_OK) {
        std::string why = raw ? sqlite3_errmsg(raw) : "out of memory";
        return core::make_error("store-failed", "gossip sqlite store: open " + path.string() + ": " + why);
    }
    sqlite3_busy_timeout(raw, 5000);
    if (sqlite3_exec(raw, schema, nullptr, nullptr, nullptr) != SQLITE_OK) return sqlite::failed(raw, "schema");
    if (auto s = impl->prepare_all(); !s) return s.error();
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
}

core::Result<std::optional<Record>> SqliteStore::get(std::string_view key) {
    std::lock_guard lock(impl_->mutex);
    return impl_->get(key);
}

core::Result<Record> SqliteStore::vote(std::string_view key, Vote v, double now, int maxobs) {
    std::lock_guard lock(impl_->mutex);
    sqlite::Transaction tx(impl_->db.get());
    if (!tx.begun()) return sqlite::failed(impl_->db.get(), "begin");
    auto old = impl_->get(key);
    if (!old) return old.error();
    Record r = old->has_value() ? **old : Record::create(maxobs, now);
    r.vote(v, now);
    if (auto s = impl_->put(key, r); !s) return s.error();
    if (auto s = tx.commit(); !s) return s.error();
    return r;
}

core::Result<bool> SqliteStore::erase(std::string_view key) {
    std::lock_guard lock(impl_->mutex);
    return impl_->run_key(impl_->remove, key, "delete");
}

core::Result<bool> SqliteStore::add_pending(const PendingEntry& e, std::size_t qsize) {
    std::lock_guard lock(impl_->mutex);
    sqlite::Transaction tx(impl_->db.get());
    if (!tx.begun()) return sqlite::failed(impl_->db.get(), "begin");
    bool added = false;
    {
        sqlite::Use use(impl_->add_pending);
        use.bind(1, e.umis);
        use.bind(2, e.key);
        use.bind(3, e.origin);
        use.bind(4, e.time);
        if (use.step() != SQLITE_DONE) return sqlite::failed(impl_->db.get(), "add pending");
        added = sqlite3_changes(impl_->db.get()) > 0;
    }
    {
        sqlite::Use use(impl_->evict);
        use.bind(1, static_cast<sqlite3_int64>(qsize));
        if (use.step() != SQLITE_DONE) return sqlite::failed(impl_->db.get(), "evict pending");
    }
    if (auto s = tx.commit(); !s) return s.error();
    return added;
}

core::Result<std::optional<PendingEntry>> SqliteStore::find_pending(std::string_view umis) {
    std::lock_guard lock(impl_->mutex);
    sqlite::Use use(impl_->find_pending);
    use.bind(1, umis);
    const int rc = use.step();
    if (rc == SQLITE_DONE) return std::optional<PendingEntry>{};
    if (rc != SQLITE_ROW) return sqlite::failed(impl_->db.get(), "find pending");
    return std::optional<PendingEntry>{
        PendingEntry{std::string(umis), use.text(0), use.text(1), sqlite3_column_double(use.get(), 2)}};
}

core::Result<bool> SqliteStore::remove_pending(std::string_view umis) {
    std::lock_guard lock(impl_->mutex);
    return impl_->run_key(impl_->remove_pending, umis, "remove pending");
}

core::Result<ExpiryCount> SqliteStore::expire(double record_cutoff, double pending_cutoff) {
    std::lock_guard lock(impl_->mutex);
    sqlite::Transaction tx(impl_->db.get());
    if (!tx.begun()) return sqlite::failed(impl_->db.get(), "begin");
    auto records = impl_->run_cutoff(impl_->expire_records, record_cutoff, "expire records");
    if (!records) return records.error();
    auto pending = impl_->run_cutoff(impl_->expire_pending, pending_cutoff, "expire pending");
    if (!pending) return pending.error();
    if (auto s = tx.commit(); !s) return s.error();
    return ExpiryCount{*records, *pending};
}

core::Status SqliteStore::begin_batch() {
    std::unique_lock lock(impl_->mutex);
    if (impl_->batch) return core::make_error("store-failed", "gossip sqlite store: batch already open");
    if (sqlite3_exec(impl_->db.get(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqlite::failed(impl_->db.get(), "begin batch");
    impl_->batch = true;
    lock.release();  // held until end_batch()
    return {};
}

core::Status SqliteStore::end_batch() {
    std::unique_lock lock(impl_->mutex);
    if (!impl_->batch) return core::make_error("store-failed", "gossip sqlite store: no batch open");
    impl_->batch = false;
    impl_->mutex.unlock();  // begin_batch()'s lock; `lock` still holds ours
    sqlite3* db = impl_->db.get();
    if (sqlite3_get_autocommit(db) != 0)  // SQLite already rolled the transaction back
        return core::make_error("store-failed", "gossip sqlite store: batch rolled back");
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        auto error = sqlite::failed(db, "commit batch");
        if (sqlite3_get_autocommit(db) == 0) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return error;
    }
    return {};
}

core::Result<bool> SqliteStore::integrity_ok() {
    std::lock_guard lock(impl_->mutex);
    sqlite::Stmt stmt;
    if (auto s = impl_->prepare(stmt, "PRAGMA integrity_check"); !s) return s.error();
    sqlite::Use use(stmt);
    if (use.step() != SQLITE_ROW) return sqlite::failed(impl_->db.get(), "integrity_check");
    return use.text(0) == "ok";
}

}  // namespace mailsec::gossip
