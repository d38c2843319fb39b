// mailsec::daemon privilege drop: the one place a daemon gives up root, in the fixed
// order of style.md — resolve names (before chroot hides /etc/passwd), chroot and
// chdir("/"), setgroups, setgid, setuid, then check that it took (ids, and that
// setuid(0) now fails). Call it after every socket and key file is open and before
// reading any untrusted byte.
//
//   daemon::Privileges p{.user = cfg.string("srs", "user"), .group = cfg.string("srs", "group"),
//                        .chroot = cfg.string("srs", "chroot")};
//   if (auto st = daemon::drop_privileges(p); !st) {
//       log.fatal("cannot drop privileges", {{"error", st.error().message}});
//       return 1;
//   }
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "mailsec/core/result.hpp"

namespace mailsec::daemon {

struct Privileges {
    std::string user{};    // name or numeric uid; empty = keep
    std::string group{};   // name or numeric gid; empty = the user's primary group
    std::string chroot{};  // directory; empty = none
};

// A user or group name, or a numeric id ("65534"). Errors: "unknown-user", "unknown-group".
core::Result<uid_t> resolve_user(std::string_view name_or_id);
core::Result<gid_t> resolve_group(std::string_view name_or_id);

// What drop_privileges() will switch to, resolved before anything changes.
struct Identity {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups{};  // supplementary groups (the user's, from the group database)
    bool change_user = false;
    bool change_group = false;
};
core::Result<Identity> resolve_identity(const Privileges& p);

// Nothing configured: a no-op. Not root: fine if the configured user and group are
// already ours (a test run, or started by systemd's User=), else "not-root". Any
// failing step returns its errno text with code "privileges".
core::Status drop_privileges(const Privileges& p);

}  // namespace mailsec::daemon
