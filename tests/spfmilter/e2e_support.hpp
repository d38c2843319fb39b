// End-to-end helpers for spfmilter: ldns-testns serving data/e2e.testns, the real
// spfmilter binary on a loopback port, a private Postfix instance (milter.md 2.9)
// and a minimal SMTP client. Everything started here is stopped by pid.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/paths.hpp"
#include "support/process.hpp"

namespace mailsec::spfmilter::e2e {

// ldns-testns + spfmilter, started once per test program (stopped at exit).
class Stack {
public:
    Stack();
    int milter_port() const { return milter_port_; }
    std::string milter_log() const { return milter_->output(); }
    const std::filesystem::path& dir() const { return dir_.path(); }

private:
    testing::TempDir dir_{"spfmilter-e2e"};
    int dns_port_ = 0;
    int milter_port_ = 0;
    std::unique_ptr<testing::Process> testns_;
    std::unique_ptr<testing::Process> milter_;
};

// The shared stack, or nullptr with `why` set when a program is missing.
Stack* stack(std::string& why);

// A private Postfix: own config and queue directories, smtpd on 127.0.0.1 only,
// no relay or delivery, accepted mail held; smtpd_milters → spfmilter.
class Postfix {
public:
    explicit Postfix(int milter_port);
    ~Postfix();  // postfix stop, then the master by pid if it is still there
    Postfix(const Postfix&) = delete;
    Postfix& operator=(const Postfix&) = delete;
    int smtp_port() const { return smtp_port_; }
    // The held message (postcat -hq), waiting a little for it to reach the queue.
    std::string held_headers(const std::string& queue_id) const;
    // postqueue -j's JSON line for the message ("" when it is not queued).
    std::string queue_entry(const std::string& queue_id) const;
    std::string log() const;

private:
    void write_config() const;
    std::filesystem::path etc() const { return dir_.path() / "etc"; }

    testing::TempDir dir_{"spfmilter-postfix"};
    int smtp_port_ = 0;
    int milter_port_ = 0;
    bool started_ = false;
};

// Why the Postfix test cannot run here ("" when it can): root and postfix needed.
std::string postfix_unavailable();

class SmtpClient {
public:
    explicit SmtpClient(int port);  // connects to 127.0.0.1 and reads the greeting
    ~SmtpClient();
    SmtpClient(const SmtpClient&) = delete;
    SmtpClient& operator=(const SmtpClient&) = delete;
    // Sends one line, returns the whole (possibly multi-line) reply, CRLF-joined.
    std::string command(const std::string& line);
    std::string greeting() const { return greeting_; }
    // DATA, the message, "."; returns the final reply.
    std::string data(const std::string& message);

private:
    std::string read_reply();
    int fd_ = -1;
    std::string buffer_;
    std::string greeting_;
};

}  // namespace mailsec::spfmilter::e2e
