// libdb access, wrapped in RAII handles: the DB handle and its cursor are closed on
// every path, and the file is opened read-only without an environment (no locking:
// the whole map is copied into memory and the handle closed at once).
#include "berkeley_db.hpp"

#include <db.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

namespace mailsec::spfmilter {

namespace {

struct DbCloser {
    void operator()(DB* db) const { db->close(db, 0); }
};
struct CursorCloser {
    void operator()(DBC* c) const { c->close(c); }
};
using DbHandle = std::unique_ptr<DB, DbCloser>;
using CursorHandle = std::unique_ptr<DBC, CursorCloser>;

core::Error db_error(const std::filesystem::path& path, int rc) {
    // EINVAL / DB_OLD_VERSION: not a database libdb can read (a text map, say).
    std::string code = (rc == EINVAL || rc == DB_OLD_VERSION) ? "not-db" : "io";
    return core::make_error(code, path.string() + ": " + db_strerror(rc));
}

std::string to_string(const DBT& d) { return std::string(static_cast<const char*>(d.data), d.size); }

core::Result<AccessPairs> read_all(DB* db, const std::filesystem::path& path) {
    DBC* raw = nullptr;
    if (int rc = db->cursor(db, nullptr, &raw, 0); rc != 0) return db_error(path, rc);
    CursorHandle cursor(raw);
    AccessPairs pairs;
    DBT key, value;
    std::memset(&key, 0, sizeof key);
    std::memset(&value, 0, sizeof value);
    int rc = 0;
    while ((rc = cursor->get(cursor.get(), &key, &value, DB_NEXT)) == 0) pairs.emplace_back(to_string(key), to_string(value));
    if (rc != DB_NOTFOUND) return db_error(path, rc);
    return pairs;
}

}  // namespace

core::Result<AccessPairs> read_berkeley_db(const std::filesystem::path& path) {
    DB* raw = nullptr;
    if (int rc = db_create(&raw, nullptr, 0); rc != 0) return db_error(path, rc);
    DbHandle db(raw);
    db->set_errfile(db.get(), nullptr);  // libdb would print "unexpected file type" to stderr
    db->set_errcall(db.get(), nullptr);
    int rc = db->open(db.get(), nullptr, path.c_str(), nullptr, DB_UNKNOWN, DB_RDONLY, 0);
    if (rc != 0) {
        if (rc == ENOENT || rc == EACCES) return core::make_error("io", path.string() + ": " + std::strerror(rc));
        return db_error(path, rc);
    }
    return read_all(db.get(), path);
}

}  // namespace mailsec::spfmilter
