// Self-pipe signal delivery (signals.hpp). A self-pipe rather than signalfd: signalfd
// needs the signals blocked in every thread, including threads that libraries start
// before us, while a handler works whatever the thread layout.
#include "mailsec/daemon/signals.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "errno_text.hpp"

namespace mailsec::daemon {
namespace {

constexpr int kSignals[] = {SIGTERM, SIGINT, SIGHUP};
std::atomic<int> g_write_fd{-1};  // the only state a handler can reach
struct sigaction g_previous[3];

extern "C" void on_signal(int signo) {
    int saved = errno;  // the interrupted code may be reading errno
    int fd = g_write_fd.load(std::memory_order_relaxed);
    if (fd >= 0) {
        auto byte = static_cast<unsigned char>(signo);
        [[maybe_unused]] auto n = ::write(fd, &byte, 1);  // full pipe: a byte is already pending
    }
    errno = saved;
}

core::Error sys_error(const char* what) {
    return core::make_error("signals", std::string(what) + ": " + detail::errno_text(errno));
}

}  // namespace

core::Result<std::unique_ptr<ShutdownSignals>> ShutdownSignals::install() {
    if (g_write_fd.load() >= 0) return core::make_error("busy", "ShutdownSignals already installed");
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return sys_error("pipe2");
    std::unique_ptr<ShutdownSignals> s(new ShutdownSignals(Fd{fds[0]}, Fd{fds[1]}));
    g_write_fd.store(fds[1]);
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (std::size_t i = 0; i < std::size(kSignals); ++i)
        if (::sigaction(kSignals[i], &sa, &g_previous[i]) != 0) return sys_error("sigaction");
    return s;
}

ShutdownSignals::~ShutdownSignals() {
    for (std::size_t i = 0; i < std::size(kSignals); ++i) ::sigaction(kSignals[i], &g_previous[i], nullptr);
    g_write_fd.store(-1);
}

ShutdownSignals::Event ShutdownSignals::take() {
    Event event = Event::none;
    unsigned char buf[64];
    for (;;) {
        auto n = ::read(read_.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        for (ssize_t i = 0; i < n; ++i) {
            if (buf[i] == SIGHUP && event == Event::none) event = Event::reload;
            if (buf[i] == SIGTERM || buf[i] == SIGINT) event = Event::stop;
        }
    }
    return event;
}

ShutdownSignals::Event ShutdownSignals::wait(std::optional<std::chrono::milliseconds> timeout) {
    pollfd p{read_.get(), POLLIN, 0};
    int ms = timeout ? static_cast<int>(timeout->count()) : -1;
    // EINTR is usually our own signal, whose byte is already in the pipe: take() anyway.
    if (::poll(&p, 1, ms) == 0) return Event::none;
    return take();
}

void ignore_sigpipe() {
    struct sigaction sa {};
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGPIPE, &sa, nullptr);
}

}  // namespace mailsec::daemon
