// Privilege drop (privileges.hpp). Names are resolved first because chroot() hides
// /etc/passwd and /etc/group; ids are checked afterwards because a failed set*id()
// that goes unnoticed leaves a daemon running as root.
#include "mailsec/daemon/privileges.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>

#include "errno_text.hpp"
#include "mailsec/core/ascii.hpp"

namespace mailsec::daemon {
namespace {

core::Error sys_error(const std::string& what, int err) {
    return core::make_error("privileges", what + ": " + detail::errno_text(err));
}

std::optional<unsigned long> numeric_id(std::string_view s) {
    if (s.empty() || !std::all_of(s.begin(), s.end(), core::is_ascii_digit)) return std::nullopt;
    unsigned long v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || v > 0xfffffffeUL) return std::nullopt;
    return v;
}

struct PasswdEntry {
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;
};

// getpw*_r with a buffer that grows on ERANGE; nullopt when there is no such user.
template <typename Key, typename Lookup>
std::optional<PasswdEntry> passwd_lookup(Key key, Lookup lookup) {
    std::vector<char> buf(4096);
    for (;;) {
        passwd pw{};
        passwd* found = nullptr;
        int rc = lookup(key, &pw, buf.data(), buf.size(), &found);
        if (rc == ERANGE && buf.size() < (1u << 20)) {
            buf.resize(buf.size() * 2);
            continue;
        }
        if (rc != 0 || found == nullptr) return std::nullopt;
        return PasswdEntry{pw.pw_name, pw.pw_uid, pw.pw_gid};
    }
}

std::optional<PasswdEntry> find_user(std::string_view name_or_id) {
    if (auto id = numeric_id(name_or_id)) return passwd_lookup(static_cast<uid_t>(*id), getpwuid_r);
    return passwd_lookup(std::string(name_or_id).c_str(), getpwnam_r);
}

std::optional<gid_t> find_group(std::string_view name_or_id) {
    if (auto id = numeric_id(name_or_id)) return static_cast<gid_t>(*id);
    std::vector<char> buf(4096);
    std::string name(name_or_id);
    for (;;) {
        group gr{};
        group* found = nullptr;
        int rc = getgrnam_r(name.c_str(), &gr, buf.data(), buf.size(), &found);
        if (rc == ERANGE && buf.size() < (1u << 20)) {
            buf.resize(buf.size() * 2);
            continue;
        }
        if (rc != 0 || found == nullptr) return std::nullopt;
        return gr.gr_gid;
    }
}

std::vector<gid_t> supplementary_groups(const std::string& user, gid_t gid) {
    int n = 32;
    std::vector<gid_t> groups(static_cast<std::size_t>(n));
    while (getgrouplist(user.c_str(), gid, groups.data(), &n) < 0) groups.resize(static_cast<std::size_t>(n));
    groups.resize(static_cast<std::size_t>(n));
    return groups;
}

// Not root: only acceptable when we already are who the configuration asks for.
core::Status check_already(const Privileges& p, const Identity& id) {
    if (!p.chroot.empty()) return core::make_error("not-root", "chroot " + p.chroot + " needs root");
    if (id.change_user && (getuid() != id.uid || geteuid() != id.uid))
        return core::make_error("not-root", "user " + p.user + " is configured, but we are uid " +
                                                std::to_string(geteuid()) + " and not root");
    if (id.change_group && (getgid() != id.gid || getegid() != id.gid))
        return core::make_error("not-root", "group " + (p.group.empty() ? p.user : p.group) +
                                                " is configured, but we are gid " + std::to_string(getegid()) +
                                                " and not root");
    return {};
}

core::Status verify(const Identity& id) {
    if (id.change_group && (getgid() != id.gid || getegid() != id.gid))
        return core::make_error("privileges", "gid is still " + std::to_string(getegid()) + " after setgid(" +
                                                  std::to_string(id.gid) + ")");
    if (!id.change_user) return {};
    if (getuid() != id.uid || geteuid() != id.uid)
        return core::make_error("privileges", "uid is still " + std::to_string(geteuid()) + " after setuid(" +
                                                  std::to_string(id.uid) + ")");
    if (id.uid != 0 && setuid(0) == 0) return core::make_error("privileges", "setuid(0) succeeded after the drop");
    return {};
}

}  // namespace

core::Result<uid_t> resolve_user(std::string_view name_or_id) {
    if (auto id = numeric_id(name_or_id)) return static_cast<uid_t>(*id);
    auto pw = find_user(name_or_id);
    if (!pw) return core::make_error("unknown-user", "unknown user \"" + std::string(name_or_id) + "\"");
    return pw->uid;
}

core::Result<gid_t> resolve_group(std::string_view name_or_id) {
    auto gid = find_group(name_or_id);
    if (!gid) return core::make_error("unknown-group", "unknown group \"" + std::string(name_or_id) + "\"");
    return *gid;
}

core::Result<Identity> resolve_identity(const Privileges& p) {
    Identity id;
    std::optional<PasswdEntry> pw;
    if (!p.user.empty()) {
        pw = find_user(p.user);
        if (!pw && !numeric_id(p.user)) return core::make_error("unknown-user", "unknown user \"" + p.user + "\"");
        if (!pw && p.group.empty())
            return core::make_error("unknown-user", "uid " + p.user + " has no passwd entry: set a group too");
        id.uid = pw ? pw->uid : static_cast<uid_t>(*numeric_id(p.user));
        id.gid = pw ? pw->gid : 0;
        id.change_user = id.change_group = true;
    }
    if (!p.group.empty()) {
        auto gid = resolve_group(p.group);
        if (!gid) return gid.error();
        id.gid = *gid;
        id.change_group = true;
    }
    // The user's own supplementary groups, so group-based access (a socket directory) keeps working.
    id.groups = pw ? supplementary_groups(pw->name, id.gid) : std::vector<gid_t>{id.gid};
    return id;
}

core::Status drop_privileges(const Privileges& p) {
    if (p.user.empty() && p.group.empty() && p.chroot.empty()) return {};
    auto id = resolve_identity(p);
    if (!id) return id.error();
    if (geteuid() != 0) return check_already(p, *id);
    if (!p.chroot.empty()) {
        if (::chroot(p.chroot.c_str()) != 0) return sys_error("chroot " + p.chroot, errno);
        if (::chdir("/") != 0) return sys_error("chdir / after chroot", errno);
    }
    if (id->change_group) {
        if (setgroups(id->groups.size(), id->groups.data()) != 0) return sys_error("setgroups", errno);
        if (setresgid(id->gid, id->gid, id->gid) != 0) return sys_error("setgid " + std::to_string(id->gid), errno);
    }
    if (id->change_user && setresuid(id->uid, id->uid, id->uid) != 0)
        return sys_error("setuid " + std::to_string(id->uid), errno);
    return verify(*id);
}

}  // namespace mailsec::daemon
