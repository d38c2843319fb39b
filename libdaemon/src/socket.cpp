// Listening sockets (listen.hpp) and the Fd owner.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "errno_text.hpp"
#include "mailsec/daemon/fd.hpp"
#include "mailsec/daemon/listen.hpp"
#include "mailsec/daemon/privileges.hpp"

namespace mailsec::daemon {

void Fd::reset(int fd) noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
}

namespace {

core::Error sys_error(const std::string& code, const std::string& what, int err) {
    return core::make_error(code, what + ": " + detail::errno_text(err));
}

int socket_flags(const ListenOptions& o) { return SOCK_STREAM | SOCK_CLOEXEC | (o.nonblocking ? SOCK_NONBLOCK : 0); }

core::Result<sockaddr_un> unix_address(const std::string& path) {
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    if (path.size() >= sizeof sun.sun_path)
        return core::make_error("bad-listen",
                                "unix socket path too long (" + std::to_string(path.size()) + " bytes): " + path);
    std::memcpy(sun.sun_path, path.c_str(), path.size() + 1);
    return sun;
}

// A leftover socket from a crashed run blocks bind(); remove it only when it is a
// socket and connecting is refused, so we never unlink a live daemon's socket or a file.
core::Status remove_stale(const std::string& path, const sockaddr_un& sun) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return {};
        return sys_error("listen", path, errno);
    }
    if (!S_ISSOCK(st.st_mode)) return core::make_error("not-socket", path + " exists and is not a socket");
    Fd probe{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
    if (!probe) return sys_error("listen", "socket", errno);
    if (::connect(probe.get(), reinterpret_cast<const sockaddr*>(&sun), sizeof sun) == 0)
        return core::make_error("in-use", path + " is in use by a running process");
    if (errno != ECONNREFUSED) return sys_error("in-use", path + " cannot be probed", errno);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return sys_error("listen", "unlink " + path, errno);
    return {};
}

core::Status apply_ownership(const std::string& path, const ListenOptions& o) {
    if (o.mode && ::chmod(path.c_str(), *o.mode) != 0) return sys_error("listen", "chmod " + path, errno);
    if (o.owner.empty() && o.group.empty()) return {};
    auto uid = static_cast<uid_t>(-1);  // -1: leave unchanged
    auto gid = static_cast<gid_t>(-1);
    if (!o.owner.empty()) {
        auto u = resolve_user(o.owner);
        if (!u) return u.error();
        uid = *u;
    }
    if (!o.group.empty()) {
        auto g = resolve_group(o.group);
        if (!g) return g.error();
        gid = *g;
    }
    if (::chown(path.c_str(), uid, gid) != 0) return sys_error("listen", "chown " + path, errno);
    return {};
}

core::Result<Fd> open_unix(const ListenSpec& spec, const ListenOptions& o) {
    auto sun = unix_address(spec.path);
    if (!sun) return sun.error();
    if (o.remove_stale)
        if (auto st = remove_stale(spec.path, *sun); !st) return st.error();
    Fd fd{::socket(AF_UNIX, socket_flags(o), 0)};
    if (!fd) return sys_error("listen", "socket", errno);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&*sun), sizeof *sun) != 0)
        return sys_error(errno == EADDRINUSE ? "in-use" : "listen", "bind " + spec.path, errno);
    // Mode and owner before listen(): until then every connect() is refused anyway.
    if (auto st = apply_ownership(spec.path, o); !st) {
        ::unlink(spec.path.c_str());
        return st.error();
    }
    if (::listen(fd.get(), o.backlog) != 0) return sys_error("listen", "listen " + spec.path, errno);
    return fd;
}

core::Result<Fd> bind_inet(const addrinfo& ai, const ListenSpec& spec, const ListenOptions& o) {
    Fd fd{::socket(ai.ai_family, socket_flags(o), 0)};
    if (!fd) return sys_error("listen", "socket", errno);
    int one = 1;
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
        return sys_error("listen", "SO_REUSEADDR", errno);
    if (ai.ai_family == AF_INET6 && ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0)
        return sys_error("listen", "IPV6_V6ONLY", errno);
    if (::bind(fd.get(), ai.ai_addr, ai.ai_addrlen) != 0)
        return sys_error(errno == EADDRINUSE ? "in-use" : "listen", "bind " + spec.text(), errno);
    if (::listen(fd.get(), o.backlog) != 0) return sys_error("listen", "listen " + spec.text(), errno);
    return fd;
}

core::Result<Fd> open_inet(const ListenSpec& spec, const ListenOptions& o) {
    if (spec.host.empty())
        return core::make_error("bad-listen", "no host to listen on for port " + std::to_string(spec.port));
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* res = nullptr;
    std::string port = std::to_string(spec.port);
    if (int rc = ::getaddrinfo(spec.host.c_str(), port.c_str(), &hints, &res); rc != 0)
        return core::make_error("bad-listen", "cannot resolve " + spec.host + ": " + ::gai_strerror(rc));
    auto fd = bind_inet(*res, spec, o);
    ::freeaddrinfo(res);
    return fd;
}

}  // namespace

core::Result<Fd> open_listener(const ListenSpec& spec, const ListenOptions& options) {
    if (spec.kind == ListenSpec::Kind::unix_socket) return open_unix(spec, options);
    return open_inet(spec, options);
}

std::uint16_t bound_port(int fd) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return 0;
    if (ss.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&ss)->sin_port);
    if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_port);
    return 0;
}

}  // namespace mailsec::daemon
