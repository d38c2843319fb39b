// RAII for SQLite's C handles (style.md: nothing calls *_free by hand): the
// connection, prepared statements, a statement "in use" that is reset whatever the
// path out, and an IMMEDIATE transaction rolled back unless committed.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>

#include "mailsec/core/result.hpp"

namespace mailsec::gossip::sqlite {

struct DbClose {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StmtFinalize {
    void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbClose>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

inline core::Error failed(sqlite3* db, std::string_view what) {
    return core::make_error("store-failed", "gossip sqlite store: " + std::string(what) + ": " + sqlite3_errmsg(db));
}

class Use {
public:
    explicit Use(const Stmt& s) : s_(s.get()) {}
    ~Use() {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    sqlite3_stmt* get() const { return s_; }
    void bind(int i, std::string_view v) const {
        sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    void bind(int i, double v) const { sqlite3_bind_double(s_, i, v); }
    void bind(int i, sqlite3_int64 v) const { sqlite3_bind_int64(s_, i, v); }
    void bind_blob(int i, const void* p, int n) const { sqlite3_bind_blob(s_, i, p, n, SQLITE_TRANSIENT); }
    int step() const { return sqlite3_step(s_); }
    std::string text(int i) const {
        const auto* p = sqlite3_column_text(s_, i);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, i)))
                 : std::string();
    }

private:
    sqlite3_stmt* s_;
};

// Outside a transaction: BEGIN IMMEDIATE .. COMMIT. Inside one (a Store batch is
// open): a SAVEPOINT, so the change stays all-or-nothing and becomes durable with the
// enclosing COMMIT.
class Transaction {
public:
    explicit Transaction(sqlite3* db) : db_(db), nested_(sqlite3_get_autocommit(db) == 0) {
        ok_ = sqlite3_exec(db_, nested_ ? "SAVEPOINT change" : "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) ==
              SQLITE_OK;
    }
    ~Transaction() {
        if (!ok_ || done_) return;
        sqlite3_exec(db_, nested_ ? "ROLLBACK TO change; RELEASE change" : "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    bool begun() const { return ok_; }
    core::Status commit() {
        if (sqlite3_exec(db_, nested_ ? "RELEASE change" : "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
            return failed(db_, "commit");
        done_ = true;
        return {};
    }

private:
    sqlite3* db_;
    bool nested_;
    bool ok_ = false;
    bool done_ = false;
};

}  // namespace mailsec::gossip::sqlite
