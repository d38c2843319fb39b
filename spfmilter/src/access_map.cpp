// Loading and hot reload of the access map file (milter.md §3.6).
#include "access_map.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "berkeley_db.hpp"

namespace mailsec::spfmilter {

namespace {

core::Result<FileStamp> stat_file(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return core::make_error("io", path.string() + ": " + std::strerror(errno));
    return FileStamp{st.st_dev, st.st_ino, st.st_size,
                     static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
}

core::Result<std::string> slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::make_error("io", path.string() + ": " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

core::Result<AccessTable> read_access_file(const std::filesystem::path& path, std::vector<std::string>& warnings) {
    auto pairs = read_berkeley_db(path);
    if (pairs) return AccessTable::from_pairs(*pairs, warnings);
    if (pairs.error().code != "not-db") return pairs.error();
    auto text = slurp(path);
    if (!text) return text.error();
    return parse_access_text(*text, path.string(), warnings);
}

AccessMap::AccessMap(std::filesystem::path path, const core::Clock& clock, daemon::Logger log)
    : path_(std::move(path)), clock_(clock), log_(std::move(log)) {}

core::Status AccessMap::load() {
    auto stamp = stat_file(path_);
    if (!stamp) return stamp.error();
    std::lock_guard lock(mutex_);
    last_check_ = clock_.now();
    return reload(*stamp);
}

// Called with mutex_ held.
core::Status AccessMap::reload(const FileStamp& stamp) {
    std::vector<std::string> warnings;
    auto table = read_access_file(path_, warnings);
    for (const auto& w : warnings) log_.warning("access map", {{"file", path_.string()}, {"warning", w}});
    stamp_ = stamp;  // a broken version is not retried until it changes again
    stamp_known_ = true;
    if (!table) return table.error();
    table_ = std::make_shared<const AccessTable>(std::move(*table));
    ++generation_;
    log_.info("access map loaded", {{"file", path_.string()}, {"entries", table_->size()}});
    return {};
}

void AccessMap::check_for_change() {
    auto now = clock_.now();
    if (now >= last_check_ && now - last_check_ < std::chrono::seconds{1}) return;
    last_check_ = now;
    auto stamp = stat_file(path_);
    if (!stamp) {
        if (stamp_known_) log_.error("cannot stat access map, keeping the loaded one",
                                     {{"file", path_.string()}, {"error", stamp.error().message}});
        stamp_known_ = false;
        return;
    }
    if (stamp_known_ && *stamp == stamp_) return;
    if (auto st = reload(*stamp); !st)
        log_.error("cannot reload access map, keeping the loaded one",
                   {{"file", path_.string()}, {"error", st.error().message}});
}

std::shared_ptr<const AccessTable> AccessMap::table() {
    std::lock_guard lock(mutex_);
    check_for_change();
    return table_;
}

int AccessMap::generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

}  // namespace mailsec::spfmilter
