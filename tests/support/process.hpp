// Child processes for tests: start a real program (a DNS server, a daemon, a
// client), read its output, and stop it by its pid — always, even when a test fails.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mailsec::testing {

// Finds a program on PATH (or in /usr/sbin, /usr/bin); nullopt when absent.
std::optional<std::filesystem::path> find_program(const std::string& name);

// A running child. stdout and stderr go to a file in the given log path; the
// destructor sends SIGTERM, waits up to 5 s, then SIGKILL.
class Process {
public:
    Process(const std::vector<std::string>& argv, const std::filesystem::path& log_file);
    ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return pid_; }
    // Waits until the log contains `text` or the timeout passes; false on timeout or exit.
    bool wait_for_output(const std::string& text, std::chrono::milliseconds timeout) const;
    std::string output() const;
    bool running();
    // Stops the child (SIGTERM, then SIGKILL after `grace`); returns its wait status.
    int stop(std::chrono::milliseconds grace = std::chrono::seconds{5});

private:
    pid_t pid_ = -1;
    std::filesystem::path log_;
    bool reaped_ = false;
    int status_ = 0;
};

struct RunResult {
    int exit_code = -1;  // -1 when killed by a signal or timed out
    std::string out;
    std::string err;
};

// Runs a program to completion with optional stdin, capturing stdout and stderr.
RunResult run(const std::vector<std::string>& argv, const std::string& input = "",
              std::chrono::milliseconds timeout = std::chrono::seconds{60});

// The line of /proc/PID/status that starts with `key` (e.g. "Uid:" gives
// "Uid:\treal\teffective\tsaved\tfs"), or "<none>".
std::string proc_status_line(pid_t pid, const std::string& key);

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read, close).
int free_port();

}  // namespace mailsec::testing
