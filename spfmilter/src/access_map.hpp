// spfmilter's access map file (milter.md §3.6): a Berkeley DB hash/btree file, or
// text when it is not a database, loaded into an immutable AccessTable. Before a
// lookup, at most once per second, the file's (device, inode, size, mtime) is
// compared with what was loaded; on a change it is reloaded and swapped atomically.
// A failed reload keeps the old table and logs an error. The file is never opened
// per lookup. Thread-safe: connections share one AccessMap.
//
//   core::SystemClock clock;
//   spfmilter::AccessMap map("/etc/mail/access.db", clock, log);
//   if (auto st = map.load(); !st) die(st.error().message);
//   auto m = spfmilter::lookup_policy(*map.table(), "spf-fail", sender, ':');
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <sys/types.h>

#include "access_table.hpp"
#include "mailsec/core/clock.hpp"
#include "mailsec/core/result.hpp"
#include "mailsec/daemon/log.hpp"

namespace mailsec::spfmilter {

// What identifies one version of the file on disk.
struct FileStamp {
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    long long mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
};

// Reads the file as a DB, else as text. Warnings (duplicate keys, ...) are appended.
core::Result<AccessTable> read_access_file(const std::filesystem::path& path, std::vector<std::string>& warnings);

class AccessMap {
public:
    // `clock` paces the change checks and must outlive the map.
    AccessMap(std::filesystem::path path, const core::Clock& clock, daemon::Logger log);

    // The first load: an error is a configuration error.
    core::Status load();
    // The current table, after a change check if the last one is a second old.
    std::shared_ptr<const AccessTable> table();
    const std::filesystem::path& path() const { return path_; }
    // Number of successful loads (tests).
    int generation() const;

private:
    void check_for_change();
    core::Status reload(const FileStamp& stamp);

    std::filesystem::path path_;
    const core::Clock& clock_;
    daemon::Logger log_;
    mutable std::mutex mutex_;
    std::shared_ptr<const AccessTable> table_ = std::make_shared<AccessTable>();
    FileStamp stamp_{};
    bool stamp_known_ = false;
    core::Clock::time_point last_check_{};
    int generation_ = 0;
};

}  // namespace mailsec::spfmilter
