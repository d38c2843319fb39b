// Tests for libdaemon/src/privileges.cpp: name resolution, and the real drop in a
// forked child (we run as root in CI; skipped otherwise) reporting through a pipe.
#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <ostream>
#include <string>

#include "mailsec/daemon/privileges.hpp"
#include "support/paths.hpp"

namespace md = mailsec::daemon;
namespace bdata = boost::unit_test::data;

namespace {

// Runs `body` in a child process and returns what it printed to the pipe.
std::string in_child(const std::function<std::string()>& body) {
    int fds[2];
    BOOST_REQUIRE(::pipe(fds) == 0);
    pid_t pid = ::fork();
    BOOST_REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        std::string out;
        try {
            out = body();
        } catch (...) {
            out = "exception";
        }
        [[maybe_unused]] auto n = ::write(fds[1], out.data(), out.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string out;
    char buf[256];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0), "child did not exit cleanly");
    return out;
}

std::string ids() {
    return "uid=" + std::to_string(::getuid()) + "/" + std::to_string(::geteuid()) +
           " gid=" + std::to_string(::getgid()) + "/" + std::to_string(::getegid());
}

std::string outcome(const mailsec::core::Status& st) { return st ? "ok" : "error:" + st.error().code; }

struct Nobody {
    uid_t uid;
    gid_t gid;
};
std::optional<Nobody> nobody() {
    passwd* pw = ::getpwnam("nobody");
    if (pw == nullptr) return std::nullopt;
    return Nobody{pw->pw_uid, pw->pw_gid};
}

bool can_test_drop() {
    if (::geteuid() != 0) {
        BOOST_TEST_MESSAGE("skipped: privilege drop tests need root");
        return false;
    }
    if (!nobody()) {
        BOOST_TEST_MESSAGE("skipped: no user nobody");
        return false;
    }
    return true;
}

struct NameCase {
    std::string name;
    std::string want;  // the id, or "error:<code>"
};
std::ostream& operator<<(std::ostream& os, const NameCase& c) { return os << c.name; }

const NameCase user_cases[] = {
    {"root", "0"},
    {"0", "0"},
    {"12345", "12345"},
    {"no-such-user-mailsec", "error:unknown-user"},
    {"", "error:unknown-user"},
};
const NameCase group_cases[] = {
    {"root", "0"},
    {"0", "0"},
    {"54321", "54321"},
    {"no-such-group-mailsec", "error:unknown-group"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(privileges)

BOOST_DATA_TEST_CASE(resolve_user, bdata::make(user_cases), c) {
    auto r = md::resolve_user(c.name);
    std::string got = r ? std::to_string(*r) : "error:" + r.error().code;
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(resolve_group, bdata::make(group_cases), c) {
    auto r = md::resolve_group(c.name);
    std::string got = r ? std::to_string(*r) : "error:" + r.error().code;
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(nothing_configured_is_a_no_op) {
    std::string before = ids();
    BOOST_TEST(md::drop_privileges({}).ok());
    BOOST_TEST(ids() == before);
}

BOOST_AUTO_TEST_CASE(numeric_user_without_passwd_needs_group) {
    auto r = md::resolve_identity({.user = "54321"});
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().code == "unknown-user");
    auto ok = md::resolve_identity({.user = "54321", .group = "54321"});
    BOOST_REQUIRE(ok);
    BOOST_TEST(ok->uid == 54321u);
    BOOST_TEST(ok->gid == 54321u);
}

BOOST_AUTO_TEST_CASE(drop_to_nobody) {
    if (!can_test_drop()) return;
    auto nb = *nobody();
    std::string got = in_child([] {
        auto st = md::drop_privileges({.user = "nobody"});
        std::string regain = ::setuid(0) == 0 ? " regained" : "";
        return outcome(st) + " " + ids() + regain + " groups=" + std::to_string(::getgroups(0, nullptr));
    });
    std::string want = "ok uid=" + std::to_string(nb.uid) + "/" + std::to_string(nb.uid) +
                       " gid=" + std::to_string(nb.gid) + "/" + std::to_string(nb.gid);
    BOOST_TEST(got.rfind(want, 0) == 0, "got " << got << ", want " << want << " ...");
    BOOST_TEST(got.find("regained") == std::string::npos, "setuid(0) worked after the drop: " << got);
}

BOOST_AUTO_TEST_CASE(drop_with_group_override) {
    if (!can_test_drop()) return;
    auto nb = *nobody();
    std::string got = in_child([] {
        std::string result = outcome(md::drop_privileges({.user = "nobody", .group = "4242"}));
        return result + " " + ids();  // ids() after the drop: '+' operands are unsequenced
    });
    std::string want = "ok uid=" + std::to_string(nb.uid) + "/" + std::to_string(nb.uid) + " gid=4242/4242";
    BOOST_TEST(got == want, "got " << got << ", want " << want);
}

BOOST_AUTO_TEST_CASE(drop_with_chroot) {
    if (!can_test_drop()) return;
    mailsec::testing::TempDir dir;
    mailsec::testing::write_file(dir.path() / "marker", "inside");
    std::string root = dir.path().string();
    std::string got = in_child([&] {
        auto st = md::drop_privileges({.user = "nobody", .chroot = root});
        char cwd[256] = "";
        std::string where = ::getcwd(cwd, sizeof cwd) != nullptr ? cwd : "?";
        bool sees_marker = ::access("/marker", F_OK) == 0;
        return outcome(st) + " cwd=" + where + (sees_marker ? " marker" : " no-marker");
    });
    BOOST_TEST(got == "ok cwd=/ marker", "got " << got << ", want ok cwd=/ marker");
}

BOOST_AUTO_TEST_CASE(not_root_rules) {
    if (!can_test_drop()) return;
    auto nb = *nobody();
    std::string got = in_child([&] {
        // Become nobody first, then ask again as a non-root process would.
        if (::setgroups(0, nullptr) != 0 || ::setgid(nb.gid) != 0 || ::setuid(nb.uid) != 0) return std::string("setup");
        std::string same = outcome(md::drop_privileges({.user = "nobody"}));
        std::string other = outcome(md::drop_privileges({.user = "root"}));
        std::string chroot = outcome(md::drop_privileges({.chroot = "/tmp"}));
        std::string unknown = outcome(md::drop_privileges({.user = "no-such-user-mailsec"}));
        return same + " " + other + " " + chroot + " " + unknown;
    });
    std::string want = "ok error:not-root error:not-root error:unknown-user";
    BOOST_TEST(got == want, "got " << got << ", want " << want);
}

BOOST_AUTO_TEST_SUITE_END()
