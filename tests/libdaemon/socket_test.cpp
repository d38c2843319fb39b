// Tests for libdaemon/src/socket.cpp: real unix and TCP listening sockets — stale
// socket removal (and refusing to remove live sockets or files), modes, ownership,
// SO_REUSEADDR restarts, IPv6, CLOEXEC/nonblocking flags, and the Fd owner.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <string>

#include "mailsec/daemon/listen.hpp"
#include "support/paths.hpp"

namespace md = mailsec::daemon;
namespace bdata = boost::unit_test::data;
using mailsec::testing::TempDir;

namespace {

md::ListenSpec unix_spec(const std::filesystem::path& p) {
    return {md::ListenSpec::Kind::unix_socket, p.string(), {}, 0};
}
md::ListenSpec inet_spec(const std::string& host, std::uint16_t port) {
    return {md::ListenSpec::Kind::inet, {}, host, port};
}

bool connect_unix(const std::filesystem::path& p) {
    md::Fd fd{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    std::strncpy(sun.sun_path, p.c_str(), sizeof sun.sun_path - 1);
    return ::connect(fd.get(), reinterpret_cast<sockaddr*>(&sun), sizeof sun) == 0;
}

md::Fd connect_tcp(const std::string& addr, std::uint16_t port) {
    bool v6 = addr.find(':') != std::string::npos;
    md::Fd fd{::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
    sockaddr_storage ss{};
    socklen_t len = 0;
    if (v6) {
        auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(port);
        ::inet_pton(AF_INET6, addr.c_str(), &s6->sin6_addr);
        len = sizeof *s6;
    } else {
        auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
        s4->sin_family = AF_INET;
        s4->sin_port = htons(port);
        ::inet_pton(AF_INET, addr.c_str(), &s4->sin_addr);
        len = sizeof *s4;
    }
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0) fd.reset();
    return fd;
}

// A unix socket file nobody listens on: what a crashed daemon leaves behind.
void make_stale_socket(const std::filesystem::path& p) {
    md::Fd fd{::socket(AF_UNIX, SOCK_STREAM, 0)};
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    std::strncpy(sun.sun_path, p.c_str(), sizeof sun.sun_path - 1);
    BOOST_REQUIRE(::bind(fd.get(), reinterpret_cast<sockaddr*>(&sun), sizeof sun) == 0);
}

int int_option(int fd, int level, int name) {
    int v = -1;
    socklen_t len = sizeof v;
    ::getsockopt(fd, level, name, &v, &len);
    return v;
}

bool ipv6_loopback_available() {
    md::Fd fd{::socket(AF_INET6, SOCK_STREAM, 0)};
    if (!fd) return false;
    sockaddr_in6 s6{};
    s6.sin6_family = AF_INET6;
    s6.sin6_addr = in6addr_loopback;
    return ::bind(fd.get(), reinterpret_cast<sockaddr*>(&s6), sizeof s6) == 0;
}

const mode_t modes[] = {0600, 0660, 0666, 0700};

}  // namespace

BOOST_AUTO_TEST_SUITE(sockets)

BOOST_DATA_TEST_CASE(unix_mode_applied, bdata::make(modes), mode) {
    TempDir dir;
    auto path = dir.path() / "s.sock";
    auto fd = md::open_listener(unix_spec(path), {.mode = mode});
    BOOST_REQUIRE_MESSAGE(fd, (fd ? "" : fd.error().message));
    struct stat st {};
    BOOST_REQUIRE(::lstat(path.c_str(), &st) == 0);
    BOOST_TEST(S_ISSOCK(st.st_mode));
    BOOST_TEST((st.st_mode & 07777) == mode, "got mode " << std::oct << (st.st_mode & 07777) << ", want " << mode);
    BOOST_TEST(connect_unix(path));
}

BOOST_AUTO_TEST_CASE(unix_stale_socket_removed) {
    TempDir dir;
    auto path = dir.path() / "stale.sock";
    make_stale_socket(path);
    BOOST_REQUIRE(!connect_unix(path));
    auto fd = md::open_listener(unix_spec(path));
    BOOST_REQUIRE_MESSAGE(fd, (fd ? "" : fd.error().message));
    BOOST_TEST(connect_unix(path));
}

BOOST_AUTO_TEST_CASE(unix_stale_kept_without_remove_stale) {
    TempDir dir;
    auto path = dir.path() / "stale.sock";
    make_stale_socket(path);
    auto fd = md::open_listener(unix_spec(path), {.remove_stale = false});
    BOOST_REQUIRE(!fd);
    BOOST_TEST(fd.error().code == "in-use", "got " << fd.error().code << ", want in-use");
}

BOOST_AUTO_TEST_CASE(unix_live_socket_not_removed) {
    TempDir dir;
    auto path = dir.path() / "live.sock";
    auto first = md::open_listener(unix_spec(path));
    BOOST_REQUIRE(first);
    auto second = md::open_listener(unix_spec(path));
    BOOST_REQUIRE(!second);
    BOOST_TEST(second.error().code == "in-use", "got " << second.error().code << ", want in-use");
    BOOST_TEST(connect_unix(path), "the live socket must still accept");
}

BOOST_AUTO_TEST_CASE(unix_regular_file_not_removed) {
    TempDir dir;
    auto path = dir.path() / "file.sock";
    mailsec::testing::write_file(path, "precious");
    auto fd = md::open_listener(unix_spec(path));
    BOOST_REQUIRE(!fd);
    BOOST_TEST(fd.error().code == "not-socket", "got " << fd.error().code << ", want not-socket");
    BOOST_TEST(mailsec::testing::read_file(path) == "precious");
}

BOOST_AUTO_TEST_CASE(unix_path_too_long) {
    auto fd = md::open_listener(unix_spec("/tmp/" + std::string(200, 'x')));
    BOOST_REQUIRE(!fd);
    BOOST_TEST(fd.error().code == "bad-listen");
}

BOOST_AUTO_TEST_CASE(unix_owner_and_group) {
    if (::geteuid() != 0) {
        BOOST_TEST_MESSAGE("skipped: chown needs root");
        return;
    }
    passwd* nobody = ::getpwnam("nobody");
    if (nobody == nullptr) {
        BOOST_TEST_MESSAGE("skipped: no user nobody");
        return;
    }
    TempDir dir;
    auto path = dir.path() / "owned.sock";
    auto fd =
        md::open_listener(unix_spec(path), {.mode = 0660, .owner = "nobody", .group = std::to_string(nobody->pw_gid)});
    BOOST_REQUIRE_MESSAGE(fd, (fd ? "" : fd.error().message));
    struct stat st {};
    BOOST_REQUIRE(::lstat(path.c_str(), &st) == 0);
    BOOST_TEST(st.st_uid == nobody->pw_uid, "got uid " << st.st_uid << ", want " << nobody->pw_uid);
    BOOST_TEST(st.st_gid == nobody->pw_gid, "got gid " << st.st_gid << ", want " << nobody->pw_gid);
}

BOOST_AUTO_TEST_CASE(unix_unknown_owner_cleans_up) {
    TempDir dir;
    auto path = dir.path() / "s.sock";
    auto fd = md::open_listener(unix_spec(path), {.owner = "no-such-user-mailsec"});
    BOOST_REQUIRE(!fd);
    BOOST_TEST(fd.error().code == "unknown-user");
    BOOST_TEST(!std::filesystem::exists(path), "a failed open must not leave its socket behind");
}

BOOST_AUTO_TEST_CASE(tcp_v4_flags) {
    auto fd = md::open_listener(inet_spec("127.0.0.1", 0));
    BOOST_REQUIRE_MESSAGE(fd, (fd ? "" : fd.error().message));
    std::uint16_t port = md::bound_port(fd->get());
    BOOST_TEST(port != 0);
    BOOST_TEST(int_option(fd->get(), SOL_SOCKET, SO_REUSEADDR) == 1, "SO_REUSEADDR not set");
    BOOST_TEST((::fcntl(fd->get(), F_GETFD) & FD_CLOEXEC) != 0, "FD_CLOEXEC not set");
    BOOST_TEST((::fcntl(fd->get(), F_GETFL) & O_NONBLOCK) == 0, "blocking wanted by default");
    BOOST_TEST(static_cast<bool>(connect_tcp("127.0.0.1", port)));
}

BOOST_AUTO_TEST_CASE(nonblocking_option) {
    auto fd = md::open_listener(inet_spec("127.0.0.1", 0), {.nonblocking = true});
    BOOST_REQUIRE(fd);
    BOOST_TEST((::fcntl(fd->get(), F_GETFL) & O_NONBLOCK) != 0, "O_NONBLOCK not set");
}

// The server closes first, so its side of the connection sits in TIME_WAIT; without
// SO_REUSEADDR the second bind would fail with EADDRINUSE for a minute.
BOOST_AUTO_TEST_CASE(tcp_restart_on_same_port) {
    auto first = md::open_listener(inet_spec("127.0.0.1", 0));
    BOOST_REQUIRE(first);
    std::uint16_t port = md::bound_port(first->get());
    {
        md::Fd client = connect_tcp("127.0.0.1", port);
        BOOST_REQUIRE(client);
        md::Fd served{::accept(first->get(), nullptr, nullptr)};
        BOOST_REQUIRE(served);
        served.reset();
        char byte;
        BOOST_TEST(::read(client.get(), &byte, 1) == 0);
    }
    first->reset();
    auto again = md::open_listener(inet_spec("127.0.0.1", port));
    BOOST_TEST(again.ok(), "restart on port " << port << ": " << (again ? "" : again.error().message));
}

BOOST_AUTO_TEST_CASE(tcp_port_in_use) {
    auto first = md::open_listener(inet_spec("127.0.0.1", 0));
    BOOST_REQUIRE(first);
    auto second = md::open_listener(inet_spec("127.0.0.1", md::bound_port(first->get())));
    BOOST_REQUIRE(!second);
    BOOST_TEST(second.error().code == "in-use", "got " << second.error().code << ", want in-use");
}

BOOST_AUTO_TEST_CASE(tcp_v6_loopback) {
    if (!ipv6_loopback_available()) {
        BOOST_TEST_MESSAGE("skipped: no IPv6 loopback");
        return;
    }
    auto fd = md::open_listener(inet_spec("::1", 0));
    BOOST_REQUIRE_MESSAGE(fd, (fd ? "" : fd.error().message));
    BOOST_TEST(int_option(fd->get(), IPPROTO_IPV6, IPV6_V6ONLY) == 1, "IPV6_V6ONLY not set");
    BOOST_TEST(static_cast<bool>(connect_tcp("::1", md::bound_port(fd->get()))));
}

BOOST_AUTO_TEST_CASE(v4_and_v6_wildcards_share_a_port) {
    if (!ipv6_loopback_available()) {
        BOOST_TEST_MESSAGE("skipped: no IPv6");
        return;
    }
    auto v4 = md::open_listener(inet_spec("0.0.0.0", 0));
    BOOST_REQUIRE(v4);
    auto v6 = md::open_listener(inet_spec("::", md::bound_port(v4->get())));
    BOOST_TEST(v6.ok(), "[::] beside 0.0.0.0: " << (v6 ? "" : v6.error().message));
}

BOOST_AUTO_TEST_CASE(inet_without_host) {
    auto fd = md::open_listener(inet_spec("", 11900));
    BOOST_REQUIRE(!fd);
    BOOST_TEST(fd.error().code == "bad-listen");
}

BOOST_AUTO_TEST_CASE(fd_is_move_only_owner) {
    int raw[2];
    BOOST_REQUIRE(::pipe(raw) == 0);
    md::Fd a{raw[0]};
    md::Fd write_end{raw[1]};
    md::Fd b = std::move(a);
    BOOST_TEST(!a);
    BOOST_TEST(b.get() == raw[0]);
    b = md::Fd{};
    BOOST_TEST(::fcntl(raw[0], F_GETFD) == -1, "moved-from assignment must close the old fd");
    int released = write_end.release();
    BOOST_TEST(!write_end);
    BOOST_TEST(::fcntl(released, F_GETFD) != -1, "release() must not close");
    ::close(released);
}

BOOST_AUTO_TEST_SUITE_END()
