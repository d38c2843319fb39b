// End-to-end helpers (milter.md 2.8, 2.9).
#include "e2e_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace mailsec::spfmilter::e2e {

namespace ts = mailsec::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string spfmilter_config(int milter_port, int dns_port) {
    return "[milter]\nsocketname = inet:" + std::to_string(milter_port) +
           "@127.0.0.1\nname = pyspffilter\ninternal_connect =\nlog = stderr\nlog_level = info\n"
           "[spf]\naccess_file =\n[dns]\nnameservers = 127.0.0.1:" + std::to_string(dns_port) +
           "\ntimeout = 2\nretries = 1\n";
}

std::unique_ptr<ts::Process> start_testns(const fs::path& dir, int& port) {
    auto data = ts::source_dir() / "tests/spfmilter/data/e2e.testns";
    for (int attempt = 0; attempt < 5; ++attempt) {
        port = ts::free_port();
        auto p = std::make_unique<ts::Process>(
            std::vector<std::string>{"ldns-testns", "-p", std::to_string(port), data.string()},
            dir / ("testns-" + std::to_string(attempt) + ".log"));
        if (p->wait_for_output("Listening on port", 5s)) return p;
    }
    throw std::runtime_error("ldns-testns did not start");
}

std::unique_ptr<ts::Process> start_milter(const fs::path& dir, int& port, int dns_port) {
    for (int attempt = 0; attempt < 3; ++attempt) {
        port = ts::free_port();
        auto cfg = dir / "spfmilter.cfg";
        ts::write_file(cfg, spfmilter_config(port, dns_port));
        auto p = std::make_unique<ts::Process>(
            std::vector<std::string>{(ts::bin_dir() / "spfmilter").string(), "--config", cfg.string()},
            dir / ("spfmilter-" + std::to_string(attempt) + ".log"));
        if (p->wait_for_output("listening", 15s)) return p;
    }
    throw std::runtime_error("spfmilter did not start");
}

}  // namespace

Stack::Stack() {
    testns_ = start_testns(dir_.path(), dns_port_);
    milter_ = start_milter(dir_.path(), milter_port_, dns_port_);
}

Stack* stack(std::string& why) {
    if (!ts::find_program("ldns-testns")) {
        why = "ldns-testns is not installed (package ldnsutils)";
        return nullptr;
    }
    static Stack s;
    return &s;
}

std::string postfix_unavailable() {
    if (::geteuid() != 0) return "not root (a private Postfix instance needs root)";
    for (const char* p : {"postfix", "postconf", "postcat", "postqueue"})
        if (!ts::find_program(p)) return std::string(p) + " is not installed";
    return "";
}

// --- Postfix -----------------------------------------------------------------------

void Postfix::write_config() const {
    const std::string d = dir_.path().string();
    std::string main_cf =
        "compatibility_level = 3.6\nqueue_directory = " + d + "/spool\ndata_directory = " + d +
        "/lib\nmyhostname = mx.test.invalid\nmydomain = test.invalid\nmyorigin = test.invalid\n"
        "mydestination = mx.test.invalid, localhost\ninet_interfaces = 127.0.0.1\ninet_protocols = ipv4\n"
        "mynetworks = 127.0.0.0/8\nrelayhost =\ndefault_transport = error:relay disabled\n"
        "relay_transport = error:relay disabled\nlocal_transport = discard:no delivery\n"
        "smtpd_recipient_restrictions = check_recipient_access inline:{postmaster@mx.test.invalid=HOLD}, "
        "permit_mynetworks, reject\nsmtpd_milters = inet:127.0.0.1:" + std::to_string(milter_port_) +
        "\nmilter_default_action = tempfail\nmaillog_file = " + d + "/postfix.log\nmaillog_file_prefixes = " + d +
        "\nsmtpd_tls_security_level = none\nalias_maps =\nalias_database =\nsmtpd_banner = $myhostname ESMTP\n"
        "biff = no\nsmtputf8_enable = no\n";
    ts::write_file(etc() / "main.cf", main_cf);
    // Only the services a held message needs, none chrooted (the private queue has no
    // chroot environment).
    std::string master_cf = "127.0.0.1:" + std::to_string(smtp_port_) + " inet n - n - - smtpd\n";
    for (const char* line :
         {"pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", "qmgr unix n - n 300 1 qmgr",
          "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce", "defer unix - - n - 0 bounce",
          "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify", "flush unix n - n 1000? 0 flush",
          "proxymap unix - - n - - proxymap", "showq unix n - n - - showq", "error unix - - n - - error",
          "retry unix - - n - - error", "discard unix - - n - - discard", "anvil unix - - n - 1 anvil",
          "scache unix - - n - 1 scache", "postlog unix-dgram n - n - 1 postlogd"})
        master_cf += std::string(line) + "\n";
    ts::write_file(etc() / "master.cf", master_cf);
}

Postfix::Postfix(int milter_port) : smtp_port_(ts::free_port()), milter_port_(milter_port) {
    for (const char* sub : {"etc", "spool", "lib"}) fs::create_directories(dir_.path() / sub);
    write_config();
    ts::run({"chown", "postfix:postfix", (dir_.path() / "lib").string()});
    ts::run({"postfix", "-c", etc().string(), "set-permissions"});
    auto r = ts::run({"postfix", "-c", etc().string(), "start"});
    if (r.exit_code != 0) throw std::runtime_error("postfix start failed: " + r.out + r.err + log());
    started_ = true;
    for (int i = 0; i < 100; ++i) {  // wait for smtpd's listener
        try {
            SmtpClient probe(smtp_port_);
            probe.command("QUIT");
            return;
        } catch (const std::exception&) {
            std::this_thread::sleep_for(100ms);
        }
    }
    throw std::runtime_error("postfix smtpd does not answer: " + log());
}

Postfix::~Postfix() {
    if (!started_) return;
    ts::run({"postfix", "-c", etc().string(), "stop"}, "", 20s);
    auto pidfile = dir_.path() / "spool" / "pid" / "master.pid";
    if (!fs::exists(pidfile)) return;
    pid_t pid = static_cast<pid_t>(std::stol(ts::read_file(pidfile)));
    for (int i = 0; i < 50 && pid > 1 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(100ms);
    if (pid > 1 && ::kill(pid, 0) == 0) ::kill(pid, SIGKILL);
}

std::string Postfix::held_headers(const std::string& queue_id) const {
    for (int i = 0; i < 50; ++i) {
        auto r = ts::run({"postcat", "-c", etc().string(), "-hq", queue_id});
        if (r.exit_code == 0 && !r.out.empty()) return r.out;
        std::this_thread::sleep_for(100ms);
    }
    return "";
}

std::string Postfix::queue_entry(const std::string& queue_id) const {
    auto r = ts::run({"postqueue", "-c", etc().string(), "-j"});
    for (std::size_t p = 0, n; p < r.out.size(); p = n + 1) {
        n = r.out.find('\n', p);
        if (n == std::string::npos) n = r.out.size();
        std::string line = r.out.substr(p, n - p);
        if (line.find("\"" + queue_id + "\"") != std::string::npos) return line;
    }
    return "";
}

std::string Postfix::log() const {
    auto path = dir_.path() / "postfix.log";
    return fs::exists(path) ? ts::read_file(path) : "";
}

// --- SMTP client --------------------------------------------------------------------

SmtpClient::SmtpClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        if (fd_ >= 0) ::close(fd_);
        throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
    }
    greeting_ = read_reply();
}

SmtpClient::~SmtpClient() {
    if (fd_ >= 0) ::close(fd_);
}

std::string SmtpClient::read_reply() {
    std::string reply;
    auto deadline = std::chrono::steady_clock::now() + 30s;
    for (;;) {
        auto nl = buffer_.find("\r\n");
        if (nl != std::string::npos) {
            std::string line = buffer_.substr(0, nl);
            buffer_.erase(0, nl + 2);
            reply += (reply.empty() ? "" : "\r\n") + line;
            if (line.size() < 4 || line[3] != '-') return reply;
            continue;
        }
        pollfd p{fd_, POLLIN, 0};
        if (std::chrono::steady_clock::now() > deadline || ::poll(&p, 1, 1000) < 0)
            throw std::runtime_error("SMTP reply timed out after: " + reply);
        if (!(p.revents & (POLLIN | POLLHUP))) continue;
        char buf[4096];
        ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) throw std::runtime_error("SMTP connection closed after: " + reply);
        buffer_.append(buf, static_cast<std::size_t>(n));
    }
}

std::string SmtpClient::command(const std::string& line) {
    std::string out = line + "\r\n";
    if (::write(fd_, out.data(), out.size()) != static_cast<ssize_t>(out.size()))
        throw std::runtime_error("SMTP write failed");
    return read_reply();
}

std::string SmtpClient::data(const std::string& message) {
    std::string r = command("DATA");
    if (r.rfind("354", 0) != 0) return r;
    std::string body;
    for (std::size_t p = 0; p < message.size();) {
        auto nl = message.find('\n', p);
        std::string line = message.substr(p, nl == std::string::npos ? std::string::npos : nl - p);
        if (line.starts_with('.')) line.insert(0, ".");
        body += line + "\r\n";
        p = nl == std::string::npos ? message.size() : nl + 1;
    }
    return command(body + ".");
}

}  // namespace mailsec::spfmilter::e2e
