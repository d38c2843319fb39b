// mailsec::daemon::ShutdownSignals — SIGTERM/SIGINT mean "stop", SIGHUP means
// "reload", delivered through a self-pipe: the handler only writes one byte, and the
// daemon reads the event in its own loop. An event loop watches fd(); a simple loop
// calls wait(). spfmilter does not use this: libmilter owns its signals (milter.md §1.9).
//
//   daemon::ignore_sigpipe();                 // a peer closing early is an error value, not a death
//   auto signals = daemon::ShutdownSignals::install();
//   if (!signals) die(signals.error().message);
//   // Asio: boost::asio::posix::stream_descriptor sd(io, ::dup((*signals)->fd()));
//   //       sd.async_wait(readable, [&](auto) { if ((*signals)->take() == Event::stop) io.stop(); });
//   while ((*signals)->wait(std::chrono::seconds{1}) != daemon::ShutdownSignals::Event::stop) { ... }
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "mailsec/core/result.hpp"
#include "mailsec/daemon/fd.hpp"

namespace mailsec::daemon {

class ShutdownSignals {
public:
    enum class Event { none, reload, stop };

    // Installs the handlers. The pipe is process-wide (a signal handler has no other
    // context), so only one instance may exist at a time: a second install() is an
    // error ("busy"). The destructor restores the previous handlers.
    static core::Result<std::unique_ptr<ShutdownSignals>> install();
    ~ShutdownSignals();
    ShutdownSignals(const ShutdownSignals&) = delete;
    ShutdownSignals& operator=(const ShutdownSignals&) = delete;

    // Readable (non-blocking, CLOEXEC) when a signal has arrived.
    int fd() const { return read_.get(); }
    // Drains what arrived: stop if any SIGTERM/SIGINT, else reload if SIGHUP, else none.
    Event take();
    // Waits up to `timeout` (forever when nullopt) for a signal, then take().
    Event wait(std::optional<std::chrono::milliseconds> timeout = std::nullopt);

private:
    ShutdownSignals(Fd read, Fd write) : read_(std::move(read)), write_(std::move(write)) {}
    Fd read_;
    Fd write_;
};

// SIGPIPE's default kills the process when a client disconnects mid-write; ignored,
// write() returns EPIPE instead.
void ignore_sigpipe();

}  // namespace mailsec::daemon
