// mailsec::milter::Runner: binds a FilterFactory to libmilter (milter.md 1.8, 1.9, 2.6).
//
// libmilter is process-global: one registration, one listening socket, and
// smfi_main blocks and is not re-entrant. Hence one Runner per process (a second
// throws std::logic_error). Construct it in main() before any thread starts: the
// constructor blocks SIGHUP, SIGTERM and SIGINT (libmilter's own thread sigwaits
// for them: HUP/TERM stop accepting and let connections finish, INT aborts them)
// and ignores SIGPIPE. Never install handlers for those signals.
//
// Every accepted TCP connection has TCP_NODELAY: libmilter writes a reply in two
// pieces, and with Nagle on the second waits for the MTA's delayed ACK (~40-90 ms per
// message). libmilter 8.17 creates its listening socket itself and offers no hook
// and no "fd:" spec, so open() sets TCP_NODELAY on that listening socket right after
// smfi_opensocket (found as the one new listening fd); Linux copies the option to
// every socket accept() returns. The milter_runner_test proves it.
//
//   milter::RunnerOptions opt;
//   opt.socket = "inet:8894@127.0.0.1";
//   opt.name = "defang";
//   milter::Runner runner(milter::make_factory<DefangFilter>(policy), opt);
//   runner.open();          // bind now (then drop privileges)
//   return runner.run();    // blocks until SIGTERM / Runner::stop()
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "mailsec/core/result.hpp"
#include "mailsec/milter/filter.hpp"
#include "mailsec/milter/types.hpp"

namespace mailsec::milter {

// A libmilter socket spec (1.8), checked before libmilter sees it (smfi_setconn
// accepts anything).
struct SocketSpec {
    enum Kind { Unix, Inet, Inet6 };
    Kind kind = Unix;
    std::string path;       // Unix
    std::string port;       // Inet*: number or service name
    std::string host;       // Inet*: empty = all addresses; without brackets
    std::string libmilter;  // the spec as handed to smfi_setconn
};

// "unix:/p", "local:/p", "/p", "inet:PORT[@HOST]", "inet6:PORT[@HOST]" (HOST may be
// "[IP]"). "fd:N" is refused: libmilter 8.17 has no such spec.
core::Result<SocketSpec> parse_socket_spec(std::string_view spec);

struct RunnerOptions {
    std::string socket;                         // required (1.8)
    std::string name;                           // required: libmilter's and the logs' filter name
    std::chrono::seconds timeout{7210};         // I/O timeout towards the MTA
    std::optional<int> backlog;                 // listen backlog (OS default)
    std::optional<unsigned> umask;              // applied while the unix socket is created
    std::optional<unsigned> socket_mode;        // chmod of the unix socket after creation
    std::optional<std::string> socket_owner;    // chown (user name) after creation
    std::optional<std::string> socket_group;    // chown (group name) after creation
    bool remove_stale = true;                   // remove a dead unix socket; refuse a live one
    std::chrono::seconds bind_retry{10};        // retry inet binds this long (quick restarts, 1.9)
    ExceptionPolicy exception_policy = ExceptionPolicy::Tempfail;
    int debug = 0;                              // smfi_setdbg level
    Logger logger = stderr_logger();
};

class Runner {
public:
    // Throws std::logic_error when another Runner exists, std::invalid_argument for
    // bad options.
    Runner(FilterFactory factory, RunnerOptions options);
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    // Registers with libmilter and creates the listening socket; throws
    // std::runtime_error when it cannot ("already running", bind failure).
    void open();
    // open() if needed, then smfi_main until stopped; 0 on a clean stop, else 1.
    int run();
    // Ask smfi_main to return (from any thread); it notices within about 5 s.
    static void stop();

    const SocketSpec& socket() const { return spec_; }

private:
    void remove_stale_socket() const;
    void open_socket();
    void set_socket_owner() const;

    FilterFactory factory_;
    RunnerOptions options_;
    SocketSpec spec_;
    bool open_ = false;
};

}  // namespace mailsec::milter
