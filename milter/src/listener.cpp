// TCP_NODELAY on libmilter's listening socket; Linux copies it to accepted sockets.
#include "listener.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <dirent.h>

#include <cstdlib>

namespace mailsec::milter::detail {

namespace {

int int_option(int fd, int level, int name) {
    int v = 0;
    socklen_t len = sizeof v;
    if (getsockopt(fd, level, name, &v, &len) != 0) return -1;
    return v;
}

bool is_tcp(int fd) {
    int domain = int_option(fd, SOL_SOCKET, SO_DOMAIN);
    return (domain == AF_INET || domain == AF_INET6) && int_option(fd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM;
}

}  // namespace

// The directory's own fd is left out: its number is free again once we return.
std::set<int> open_fds() {
    std::set<int> fds;
    DIR* dir = ::opendir("/proc/self/fd");
    if (dir == nullptr) return fds;
    const int own = ::dirfd(dir);
    while (const dirent* e = ::readdir(dir)) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        int fd = std::atoi(e->d_name);
        if (fd != own) fds.insert(fd);
    }
    ::closedir(dir);
    return fds;
}

int set_nodelay_on_new_listeners(const std::set<int>& before) {
    int count = 0;
    const int on = 1;
    for (int fd : open_fds()) {
        if (before.count(fd) || !is_tcp(fd) || int_option(fd, SOL_SOCKET, SO_ACCEPTCONN) != 1) continue;
        if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) == 0) ++count;
    }
    return count;
}

bool has_nodelay(int fd) { return is_tcp(fd) && int_option(fd, IPPROTO_TCP, TCP_NODELAY) > 0; }

}  // namespace mailsec::milter::detail
