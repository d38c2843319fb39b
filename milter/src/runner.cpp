// Runner: libmilter set-up in the order it needs (milter.md 1.9, 2.6).
#include "mailsec/milter/runner.hpp"

#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "libmilter_adapter.hpp"
#include "listener.hpp"
#include "session.hpp"

namespace mailsec::milter {

namespace {

std::atomic<bool> g_runner_exists{false};
detail::SessionConfig g_session_config;  // read by libmilter's threads; outlives smfi_main

// libmilter's signal thread sigwaits for these; any thread started later inherits
// the mask (1.9).
void block_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    signal(SIGPIPE, SIG_IGN);
}

// True when something accepts connections on the unix socket at `path`.
bool unix_socket_alive(const std::string& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    bool alive = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return alive;
}

}  // namespace

Runner::Runner(FilterFactory factory, RunnerOptions options)
    : factory_(std::move(factory)), options_(std::move(options)) {
    if (options_.name.empty()) throw std::invalid_argument("milter Runner: name is required");
    auto spec = parse_socket_spec(options_.socket);
    if (!spec) throw std::invalid_argument("milter Runner: " + spec.error().message);
    spec_ = *spec;
    if (options_.timeout.count() <= 0) throw std::invalid_argument("milter Runner: timeout must be positive");
    if (options_.backlog && *options_.backlog <= 0) throw std::invalid_argument("milter Runner: backlog must be positive");
    bool expected = false;
    if (!g_runner_exists.compare_exchange_strong(expected, true))
        throw std::logic_error("milter Runner: libmilter allows one filter per process, and a Runner exists");
    block_signals();
}

Runner::~Runner() { g_runner_exists = false; }

void Runner::remove_stale_socket() const {
    struct stat st {};
    if (::lstat(spec_.path.c_str(), &st) != 0) return;  // nothing there
    if (!S_ISSOCK(st.st_mode))
        throw std::runtime_error("milter Runner: " + spec_.path + " exists and is not a socket; not removing it");
    if (unix_socket_alive(spec_.path))
        throw std::runtime_error("milter Runner: " + spec_.path + " is in use: already running");
    if (::unlink(spec_.path.c_str()) != 0)
        throw std::runtime_error("milter Runner: cannot remove stale socket " + spec_.path + ": " + std::strerror(errno));
}

void Runner::set_socket_owner() const {
    if (options_.socket_mode && ::chmod(spec_.path.c_str(), static_cast<mode_t>(*options_.socket_mode)) != 0)
        throw std::runtime_error("milter Runner: chmod " + spec_.path + ": " + std::strerror(errno));
    if (!options_.socket_owner && !options_.socket_group) return;
    uid_t uid = static_cast<uid_t>(-1);
    gid_t gid = static_cast<gid_t>(-1);
    if (options_.socket_owner) {
        const passwd* pw = ::getpwnam(options_.socket_owner->c_str());
        if (!pw) throw std::runtime_error("milter Runner: unknown socket_owner " + *options_.socket_owner);
        uid = pw->pw_uid;
    }
    if (options_.socket_group) {
        const group* gr = ::getgrnam(options_.socket_group->c_str());
        if (!gr) throw std::runtime_error("milter Runner: unknown socket_group " + *options_.socket_group);
        gid = gr->gr_gid;
    }
    if (::chown(spec_.path.c_str(), uid, gid) != 0)
        throw std::runtime_error("milter Runner: chown " + spec_.path + ": " + std::strerror(errno));
}

// smfi_opensocket with the umask applied, retrying inet binds for bind_retry (a
// quick restart on the same port fails for a few seconds, 1.9).
void Runner::open_socket() {
    const bool is_unix = spec_.kind == SocketSpec::Unix;
    const auto deadline = std::chrono::steady_clock::now() + options_.bind_retry;
    auto before = detail::open_fds();
    for (;;) {
        mode_t old_mask = 0;
        if (options_.umask) old_mask = ::umask(static_cast<mode_t>(*options_.umask));
        int r = smfi_opensocket(false);  // stale unix sockets are handled by remove_stale_socket
        if (options_.umask) ::umask(old_mask);
        if (r == MI_SUCCESS) break;
        if (is_unix || std::chrono::steady_clock::now() >= deadline)
            throw std::runtime_error("milter Runner: cannot open socket " + spec_.libmilter +
                                     " (see libmilter's log for the reason)");
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    if (is_unix) return set_socket_owner();
    if (detail::set_nodelay_on_new_listeners(before) == 0)
        throw std::runtime_error("milter Runner: could not set TCP_NODELAY on the listening socket of " +
                                 spec_.libmilter);
}

void Runner::open() {
    if (open_) return;
    g_session_config = detail::SessionConfig{options_.name, options_.exception_policy, options_.logger};
    std::string conn = spec_.libmilter;
    if (smfi_setconn(conn.data()) != MI_SUCCESS) throw std::runtime_error("milter Runner: smfi_setconn failed");
    if (smfi_settimeout(static_cast<int>(options_.timeout.count())) != MI_SUCCESS)
        throw std::runtime_error("milter Runner: smfi_settimeout failed");
    if (options_.backlog && smfi_setbacklog(*options_.backlog) != MI_SUCCESS)
        throw std::runtime_error("milter Runner: smfi_setbacklog failed");
    if (options_.debug > 0) smfi_setdbg(options_.debug);
    if (!detail::register_with_libmilter(&factory_, &g_session_config))
        throw std::runtime_error("milter Runner: smfi_register failed");
    if (spec_.kind == SocketSpec::Unix && options_.remove_stale) remove_stale_socket();
    open_socket();
    open_ = true;
}

int Runner::run() {
    open();
    return smfi_main() == MI_SUCCESS ? 0 : 1;
}

void Runner::stop() { smfi_stop(); }

}  // namespace mailsec::milter
