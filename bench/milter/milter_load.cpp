// milter_load: the MTA side of the milter protocol (version 6), as a load client.
//
// K threads each hold one milter connection and send M messages through it the way
// Postfix does: OPTNEG, then per connection connect and helo, per message mail,
// rcpt, data, headers, eoh, body chunks and eom, each preceded by Postfix-like
// macros (milter.md 1.7). The filter's negotiation is honoured: steps it asked not
// to receive (SMFIP_NO*) are not sent, steps it marked no-reply (SMFIP_NR*) are not
// waited for, a body SKIP ends the chunks. At eom every modification action is
// read and counted until the final reply. Prints messages/s, p50/p99 latency and
// the count of each final reply. Not a test: a benchmark (bench/milter/run).
//
// Wire format (libmilter's protocol): every packet is a 4-byte big-endian length
// counting the command byte, the command byte, then the data; strings are
// NUL-terminated.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kHelp = R"(NAME
    milter_load - drive a milter over its socket as an MTA would, and time it

SYNOPSIS
    milter_load --socket SPEC [-c K] [-n M] [--duration SEC] [--message FILE]
                [--client-ip IP] [--client-name NAME] [--helo NAME] [--from ADDR]
                [--rcpt ADDR]... [--macro STAGE:NAME=VALUE]... [--per-connection N]
                [--chunk BYTES] [--timeout SEC] [--nodelay] [--trace] [--quiet]

DESCRIPTION
    Opens K milter connections (one thread each) and sends M messages through each,
    speaking the libmilter protocol version 6 as Postfix does: OPTNEG offering every
    action and step, then connect and helo once per connection, and per message
    MAIL, RCPT (one per --rcpt), DATA, each header, EOH, the body in chunks and EOM,
    with Postfix's default macros (j, {daemon_name}, {daemon_addr}, v, _,
    {client_addr}, {client_name} at connect; i, {mail_addr}, ... at MAIL; i,
    {rcpt_addr}, ... at RCPT; i at DATA, EOH and EOM; like Postfix, no queue id at
    MAIL and the first RCPT). A macro list the filter sets with smfi_setsymlist
    replaces the default list of its stage.

    The filter's answer to OPTNEG is honoured: steps it negotiated away are not
    sent, no-reply steps are not waited for, SKIP ends the body. At EOM the
    modification actions (add/insert/change header, replace body, add/delete
    recipient, change sender, quarantine, progress) are read and counted until the
    final reply. A message that ends before EOM (REJECT at RCPT, ACCEPT at MAIL,
    ...) is followed by ABORT, as an MTA's RSET. A connection-level answer other
    than CONTINUE at connect or helo counts for the message and reopens the
    connection.

    Latency of a message: from its first command (connect, when the message opens
    a connection) to the final reply. Output, on stdout:
        messages: N          seconds: S          messages/s: R
        p50_ms: X            p99_ms: Y           max_ms: Z
        accept: N  continue: N  reject: N  tempfail: N  discard: N   (final replies)
        actions: addheader=N insheader=N chgheader=N replbody=N ...

OPTIONS
    --socket SPEC         unix:/path, local:/path, /path, inet:PORT@HOST,
                          inet6:PORT@HOST (libmilter syntax; HOST may be [IP])
    -c, --connections K   concurrent connections (default 1)
    -n, --messages M      messages per connection (default 100; unlimited with
                          --duration alone)
    --duration SEC        stop starting messages after SEC seconds
    --message FILE        an RFC 5322 message (LF or CRLF; a leading mbox "From "
                          line is dropped); default: a small built-in text message
    --client-ip IP        connecting client's address (default 192.0.2.1; IPv6 ok)
    --client-name NAME    its host name (default client.bench.invalid)
    --helo NAME           HELO argument (default client.bench.invalid)
    --from ADDR           MAIL FROM (default <sender@bench.invalid>; <> allowed)
    --rcpt ADDR           RCPT TO, repeatable (default <rcpt@mx.bench.invalid>)
    --macro STAGE:NAME=VALUE
                          set or add a macro; STAGE is connect, helo, mail, rcpt,
                          data, eoh or eom; e.g. mail:{auth_authen}=alice
    --per-connection N    reopen the milter connection after N messages (default 0:
                          never; 1 is Postfix with one message per SMTP session)
    --chunk BYTES         body chunk size, 1..65535 (default 65535)
    --timeout SEC         I/O timeout towards the filter (default 10)
    --nodelay             set TCP_NODELAY on the client side (Postfix does not)
    --trace               print every packet of the first connection to stderr
                          (the filter's packets with their data)
    --quiet               print nothing but errors
    -h, --help            this text

EXIT STATUS
    0 when every message got a final reply; 1 on protocol or socket errors (each
    printed as "milter_load: error: ..."); 2 on bad arguments.

EXAMPLE
    milter_load --socket inet:8894@127.0.0.1 -c 16 -n 1000
    milter_load --socket unix:/run/spfmilter.sock -c 4 --duration 5 \
        --client-ip 192.0.2.10 --helo mail.example.org --from '<a@example.org>'
)";

// ---- wire constants (libmilter mfdef.h values) -------------------------------

namespace cmd {
constexpr char Optneg = 'O', Macro = 'D', Connect = 'C', Helo = 'H', Mail = 'M', Rcpt = 'R', Data = 'T',
               Header = 'L', Eoh = 'N', Body = 'B', Eom = 'E', Abort = 'A', Quit = 'Q';
}
namespace reply {
constexpr char AddRcpt = '+', DelRcpt = '-', AddRcptPar = '2', Shutdown = '4', Accept = 'a', ReplBody = 'b',
               Continue = 'c', Discard = 'd', ChgFrom = 'e', ConnFail = 'f', AddHeader = 'h', InsHeader = 'i',
               ChgHeader = 'm', Progress = 'p', Quarantine = 'q', Reject = 'r', Skip = 's', Tempfail = 't',
               ReplyCode = 'y', Optneg = 'O';
}
// Step bits (SMFIP_*).
enum : std::uint32_t {
    NoConnect = 0x1, NoHelo = 0x2, NoMail = 0x4, NoRcpt = 0x8, NoBody = 0x10, NoHeaders = 0x20, NoEoh = 0x40,
    NrHeader = 0x80, NoUnknown = 0x100, NoData = 0x200, SkipOk = 0x400, RcptRej = 0x800, NrConnect = 0x1000,
    NrHelo = 0x2000, NrMail = 0x4000, NrRcpt = 0x8000, NrData = 0x10000, NrUnknown = 0x20000, NrEoh = 0x40000,
    NrBody = 0x80000, HeaderLeadingSpace = 0x100000,
};
constexpr std::uint32_t kOfferedActions = 0x1ff;   // every SMFIF_* action
constexpr std::uint32_t kOfferedSteps = 0x1fffff;  // every step bit, as sendmail 8.17 (no MDS_*)
constexpr std::uint32_t kVersion = 6;
constexpr std::size_t kMaxPacket = 64 * 1024 * 1024;

// Macro stages (SMFIM_*) and the command each precedes.
enum MacroStage { MConnect, MHelo, MMail, MRcpt, MData, MEom, MEoh, kMacroStages };
constexpr std::array<char, kMacroStages> kStageCommand = {cmd::Connect, cmd::Helo, cmd::Mail, cmd::Rcpt,
                                                          cmd::Data, cmd::Eom, cmd::Eoh};
constexpr std::array<const char*, kMacroStages> kStageName = {"connect", "helo", "mail", "rcpt",
                                                              "data", "eom", "eoh"};

std::string command_name(char c) {
    switch (c) {
        case cmd::Optneg: return "SMFIC_OPTNEG";
        case cmd::Connect: return "SMFIC_CONNECT";
        case cmd::Helo: return "SMFIC_HELO";
        case cmd::Mail: return "SMFIC_MAIL";
        case cmd::Rcpt: return "SMFIC_RCPT";
        case cmd::Data: return "SMFIC_DATA";
        case cmd::Header: return "SMFIC_HEADER";
        case cmd::Eoh: return "SMFIC_EOH";
        case cmd::Body: return "SMFIC_BODY";
        case cmd::Eom: return "SMFIC_BODYEOB";
        default: return std::string("command '") + c + "'";
    }
}

std::string printable(char c) {
    if (c >= 0x21 && c < 0x7f) return std::string("'") + c + "'";
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", static_cast<unsigned char>(c));
    return buf;
}

class ProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// ---- configuration -----------------------------------------------------------

struct Endpoint {
    bool unix_socket = true;
    std::string path;  // unix
    std::string host;  // inet: without brackets
    std::string port;
    int family = AF_INET;
};

struct Macro {
    std::string name;
    std::string value;
};

struct Options {
    std::string socket;
    Endpoint endpoint;
    int connections = 1;
    std::optional<long> messages;
    std::optional<double> duration;
    std::string message_file;
    std::string client_ip = "192.0.2.1";
    std::string client_name = "client.bench.invalid";
    std::string helo = "client.bench.invalid";
    std::string from = "<sender@bench.invalid>";
    std::vector<std::string> rcpts;
    std::array<std::vector<Macro>, kMacroStages> extra_macros;
    long per_connection = 0;
    std::size_t chunk = 65535;
    int timeout = 10;
    bool nodelay = false;
    bool trace = false;
    bool quiet = false;
};

// The message as the MTA sends it: header values with folds joined by "\n" and the
// leading space kept (stripped at send time unless HDR_LEADSPC), body in CRLF.
struct MessageData {
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

constexpr std::string_view kBuiltinMessage =
    "From: Sender <sender@bench.invalid>\n"
    "To: Recipient <rcpt@mx.bench.invalid>\n"
    "Subject: milter_load test message\n"
    "Date: Mon, 1 Jan 2024 12:00:00 +0000\n"
    "Message-ID: <milter-load@bench.invalid>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=us-ascii\n"
    "\n"
    "This is a small message sent by milter_load, the mailsec milter benchmark.\n"
    "It has a few lines of plain text and nothing else.\n"
    "\n"
    "-- \n"
    "milter_load\n";

MessageData parse_message(std::string_view text) {
    MessageData m;
    std::vector<std::string_view> lines;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        if (line.ends_with('\r')) line.remove_suffix(1);
        lines.push_back(line);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
    }
    std::size_t i = 0;
    if (!lines.empty() && lines[0].starts_with("From ")) i = 1;  // mbox envelope line
    for (; i < lines.size() && !lines[i].empty(); ++i) {
        std::string_view line = lines[i];
        if ((line[0] == ' ' || line[0] == '\t') && !m.headers.empty()) {
            m.headers.back().second.append("\n").append(line);  // folds reach the filter as bare LF
            continue;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            throw std::runtime_error("message line " + std::to_string(i + 1) + " is not a header: \"" +
                                     std::string(line.substr(0, 60)) + "\"");
        m.headers.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
    }
    for (++i; i < lines.size(); ++i) {
        if (i + 1 == lines.size() && lines[i].empty()) break;  // the final newline ends the last line
        m.body.append(lines[i]).append("\r\n");
    }
    return m;
}

std::string angle(std::string_view addr) {
    if (addr.starts_with('<')) return std::string(addr);
    return "<" + std::string(addr) + ">";
}

std::string bare(std::string_view addr) {
    if (addr.starts_with('<') && addr.ends_with('>') && addr.size() >= 2) return std::string(addr.substr(1, addr.size() - 2));
    return std::string(addr);
}

std::string domain_of(std::string_view addr) {
    std::string b = bare(addr);
    auto at = b.rfind('@');
    return at == std::string::npos ? std::string() : b.substr(at + 1);
}

// ---- socket ------------------------------------------------------------------

Endpoint parse_endpoint(std::string_view spec) {
    Endpoint e;
    auto take = [&](std::string_view prefix) {
        if (!spec.starts_with(prefix)) return false;
        spec.remove_prefix(prefix.size());
        return true;
    };
    if (take("unix:") || take("local:") || spec.starts_with('/')) {
        if (spec.empty()) throw std::invalid_argument("empty unix socket path");
        e.path = std::string(spec);
        if (e.path.size() >= sizeof(sockaddr_un{}.sun_path)) throw std::invalid_argument("unix socket path too long");
        return e;
    }
    if (take("inet6:")) e.family = AF_INET6;
    else if (!take("inet:")) throw std::invalid_argument("socket spec must start with unix:, local:, /, inet: or inet6:");
    e.unix_socket = false;
    auto at = spec.find('@');
    e.port = std::string(spec.substr(0, at));
    e.host = at == std::string_view::npos ? (e.family == AF_INET6 ? "::1" : "127.0.0.1") : std::string(spec.substr(at + 1));
    if (e.host.size() >= 2 && e.host.front() == '[' && e.host.back() == ']') e.host = e.host.substr(1, e.host.size() - 2);
    if (e.port.empty() || e.host.empty()) throw std::invalid_argument("inet spec is inet:PORT@HOST");
    return e;
}

class Socket {
public:
    Socket() = default;
    explicit Socket(int fd) : fd_(fd) {}
    Socket(Socket&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Socket& operator=(Socket&& o) noexcept {
        if (this != &o) {
            reset();
            fd_ = std::exchange(o.fd_, -1);
        }
        return *this;
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    ~Socket() { reset(); }
    int fd() const { return fd_; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
};

Socket open_socket(const Options& opt) {
    const Endpoint& e = opt.endpoint;
    auto fail = [&](const std::string& what) {
        return std::runtime_error("cannot connect to " + opt.socket + ": " + what + ": " + std::strerror(errno));
    };
    Socket s;
    if (e.unix_socket) {
        s = Socket(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (s.fd() < 0) throw fail("socket");
        sockaddr_un sa{};
        sa.sun_family = AF_UNIX;
        std::memcpy(sa.sun_path, e.path.c_str(), e.path.size() + 1);
        if (::connect(s.fd(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) throw fail("connect");
    } else {
        addrinfo hints{};
        hints.ai_family = e.family;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* res = nullptr;
        if (int rc = ::getaddrinfo(e.host.c_str(), e.port.c_str(), &hints, &res); rc != 0)
            throw std::runtime_error("cannot resolve " + opt.socket + ": " + ::gai_strerror(rc));
        std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(res, ::freeaddrinfo);
        s = Socket(::socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (s.fd() < 0) throw fail("socket");
        if (::connect(s.fd(), res->ai_addr, res->ai_addrlen) != 0) throw fail("connect");
        if (opt.nodelay) {
            int one = 1;
            ::setsockopt(s.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
    }
    timeval tv{};
    tv.tv_sec = opt.timeout;
    ::setsockopt(s.fd(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(s.fd(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return s;
}

// ---- results -----------------------------------------------------------------

enum class Final { Accept, Continue, Reject, Tempfail, Discard, kCount };
constexpr std::array<const char*, 5> kFinalName = {"accept", "continue", "reject", "tempfail", "discard"};
enum class Action { AddHeader, InsHeader, ChgHeader, ReplBody, AddRcpt, DelRcpt, ChgFrom, Quarantine, Progress, kCount };
constexpr std::array<const char*, 9> kActionName = {"addheader", "insheader", "chgheader", "replbody", "addrcpt",
                                                    "delrcpt", "chgfrom", "quarantine", "progress"};

struct Stats {
    std::vector<double> latency_ms;
    std::array<long, static_cast<int>(Final::kCount)> finals{};
    std::array<long, static_cast<int>(Action::kCount)> actions{};
    std::vector<std::string> errors;

    void merge(const Stats& o) {
        latency_ms.insert(latency_ms.end(), o.latency_ms.begin(), o.latency_ms.end());
        for (std::size_t i = 0; i < finals.size(); ++i) finals[i] += o.finals[i];
        for (std::size_t i = 0; i < actions.size(); ++i) actions[i] += o.actions[i];
        errors.insert(errors.end(), o.errors.begin(), o.errors.end());
    }
};

// ---- one milter connection -------------------------------------------------

std::uint32_t get32(std::string_view d, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(d[at + i]);
    return v;
}

void put32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

// The outcome of one step: a reply that lets the message go on, or a final one.
struct StepResult {
    bool go_on = true;
    bool skip = false;       // SMFIR_SKIP (body)
    bool close_conn = false; // 421, SHUTDOWN, CONN_FAIL: the MTA drops the filter
    Final final = Final::Continue;
};

class Session {
public:
    Session(const Options& opt, const MessageData& msg, int index, Stats& stats)
        : opt_(opt), msg_(msg), index_(index), stats_(stats) {}

    // Runs until `messages` are done or the deadline passes.
    void run(long messages, std::optional<Clock::time_point> deadline);

private:
    bool open_connection();
    void close_connection();
    void negotiate();
    // One message, MAIL to the final reply; ABORT queued when it ends before EOM.
    StepResult run_message();
    StepResult run_rcpts();
    StepResult run_content();
    StepResult read_eom();

    void queue(char command, std::string_view data);
    void queue_macros(MacroStage stage, bool queue_id_known);
    void flush();
    std::pair<char, std::string> read_packet();
    // Sends `command` (macros first) and, unless no-reply, reads its answer.
    StepResult step(std::optional<MacroStage> stage, char command, std::string_view data,
                    std::uint32_t no_reply_bit, bool queue_id_known);
    StepResult interpret(char command, char code, std::string_view data);
    void count_action(char code, std::string_view data);
    void count_final(Final f) { ++stats_.finals[static_cast<int>(f)]; }
    [[noreturn]] void fail(const std::string& what) const;

    const Options& opt_;
    const MessageData& msg_;
    int index_;
    Stats& stats_;
    Socket sock_;
    std::string out_;
    std::string in_;
    std::size_t in_pos_ = 0;
    std::uint32_t actions_ = 0;
    std::uint32_t steps_ = 0;
    std::array<std::optional<std::vector<std::string>>, kMacroStages> symlist_;
    long message_no_ = 0;
    std::string queue_id_;
    std::string current_rcpt_;
    std::string current_;  // the command being answered, for error messages
    bool tracing_ = false;
};

void Session::fail(const std::string& what) const {
    throw ProtocolError("connection " + std::to_string(index_) + ", message " + std::to_string(message_no_) +
                        ", " + current_ + ": " + what);
}

void Session::queue(char command, std::string_view data) {
    if (tracing_) std::cerr << "trace " << index_ << " > " << command << " len=" << data.size() << '\n';
    put32(out_, static_cast<std::uint32_t>(data.size() + 1));
    out_ += command;
    out_.append(data);
}

void Session::flush() {
    std::size_t done = 0;
    while (done < out_.size()) {
        ssize_t n = ::send(sock_.fd(), out_.data() + done, out_.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(std::string("write failed: ") + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
    out_.clear();
}

std::pair<char, std::string> Session::read_packet() {
    flush();
    auto need = [&](std::size_t n) {
        while (in_.size() - in_pos_ < n) {
            if (in_pos_ > 0) {
                in_.erase(0, in_pos_);
                in_pos_ = 0;
            }
            char buf[65536];
            ssize_t r = ::recv(sock_.fd(), buf, sizeof buf, 0);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                fail("no reply within " + std::to_string(opt_.timeout) + " s");
            if (r < 0) fail(std::string("read failed: ") + std::strerror(errno));
            if (r == 0) fail("the filter closed the connection");
            in_.append(buf, static_cast<std::size_t>(r));
        }
    };
    need(4);
    std::uint32_t len = get32(in_, in_pos_);
    if (len == 0 || len > kMaxPacket) fail("bad packet length " + std::to_string(len));
    need(4 + len);
    char code = in_[in_pos_ + 4];
    std::string data = in_.substr(in_pos_ + 5, len - 1);
    in_pos_ += 4 + len;
    if (tracing_) {
        // The filter's data too (header actions, reply texts): NUL as '|', other
        // control bytes as '.', at most 200 bytes.
        std::string shown;
        for (char c : std::string_view(data).substr(0, 200))
            shown += c == '\0' ? '|' : (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '.' : c;
        std::cerr << "trace " << index_ << " < " << printable(code) << " len=" << data.size() << ' ' << shown
                  << '\n';
    }
    return {code, std::move(data)};
}

bool Session::open_connection() {
    sock_ = open_socket(opt_);
    in_.clear();
    in_pos_ = 0;
    out_.clear();
    negotiate();
    // connect: hostname, family, port, address (SMFIA_INET '4' / SMFIA_INET6 '6').
    bool v6 = opt_.client_ip.find(':') != std::string::npos;
    std::string data = opt_.client_name;
    data += '\0';
    data += v6 ? '6' : '4';
    const std::uint16_t port = 54321;  // the client's port, network order
    data += static_cast<char>(port >> 8);
    data += static_cast<char>(port & 0xff);
    data += opt_.client_ip;
    data += '\0';
    StepResult r{};
    if (!(steps_ & NoConnect)) r = step(MConnect, cmd::Connect, data, NrConnect, true);
    if (r.go_on && !(steps_ & NoHelo)) {
        std::string helo = opt_.helo;
        helo += '\0';
        r = step(MHelo, cmd::Helo, helo, NrHelo, true);
    }
    if (r.go_on) return true;
    // The filter refused (or accepted) the whole connection: that decides the message.
    count_final(r.final);
    return false;
}

void Session::negotiate() {
    current_ = "SMFIC_OPTNEG";
    std::string data;
    put32(data, kVersion);
    put32(data, kOfferedActions);
    put32(data, kOfferedSteps);
    queue(cmd::Optneg, data);
    auto [code, reply] = read_packet();
    if (code != reply::Optneg) fail("expected SMFIR_OPTNEG, got " + printable(code));
    if (reply.size() < 12) fail("SMFIR_OPTNEG shorter than 12 bytes");
    std::uint32_t version = get32(reply, 0);
    actions_ = get32(reply, 4);
    steps_ = get32(reply, 8);
    if (version < 2 || version > kVersion) fail("filter speaks protocol version " + std::to_string(version));
    if (actions_ & ~kOfferedActions) fail("filter asked for actions not offered: " + std::to_string(actions_));
    if (steps_ & ~kOfferedSteps) fail("filter asked for steps not offered: " + std::to_string(steps_));
    // Then optional macro lists (smfi_setsymlist): stage number, NUL-terminated names.
    symlist_ = {};
    for (std::size_t at = 12; at < reply.size();) {
        if (reply.size() - at < 5) fail("truncated macro list in SMFIR_OPTNEG");
        std::uint32_t stage = get32(reply, at);
        at += 4;
        std::size_t end = reply.find('\0', at);
        if (end == std::string::npos) fail("macro list not NUL-terminated");
        if (stage >= kMacroStages) fail("macro list for unknown stage " + std::to_string(stage));
        std::vector<std::string> names;
        std::istringstream words(reply.substr(at, end - at));
        for (std::string w; words >> w;) names.push_back(w);
        symlist_[stage] = std::move(names);
        at = end + 1;
    }
}

void Session::close_connection() {
    if (sock_.fd() < 0) return;
    queue(cmd::Quit, {});
    try {
        flush();
    } catch (const ProtocolError&) {
        // The filter may already be gone: quitting is best effort.
    }
    sock_.reset();
}

std::string strip_braces(std::string_view n) {
    if (n.size() > 2 && n.front() == '{' && n.back() == '}') return std::string(n.substr(1, n.size() - 2));
    return std::string(n);
}

void Session::queue_macros(MacroStage stage, bool queue_id_known) {
    // Postfix's default lists and values (milter.md 1.7); the filter's own lists win.
    std::vector<Macro> known;
    std::vector<std::string> defaults;
    switch (stage) {
        case MConnect:
            known = {{"j", "mx.bench.invalid"},
                     {"{daemon_name}", "smtpd"},
                     {"{daemon_addr}", "127.0.0.1"},
                     {"v", "Postfix 3.7.11"},
                     {"_", opt_.client_name + " [" + opt_.client_ip + "]"},
                     {"{client_addr}", opt_.client_ip},
                     {"{client_name}", opt_.client_name},
                     {"{client_ptr}", opt_.client_name},
                     {"{client_port}", "54321"}};
            defaults = {"j", "{daemon_name}", "{daemon_addr}", "v", "_", "{client_addr}", "{client_name}"};
            break;
        case MHelo:
            break;  // TLS macros: unset without TLS
        case MMail:
            known = {{"{mail_addr}", bare(opt_.from)}, {"{mail_host}", domain_of(opt_.from)}, {"{mail_mailer}", "smtp"}};
            defaults = {"i", "{auth_type}", "{auth_authen}", "{auth_author}", "{mail_addr}", "{mail_host}", "{mail_mailer}"};
            break;
        case MRcpt:
            known = {{"{rcpt_addr}", bare(current_rcpt_)}, {"{rcpt_host}", domain_of(current_rcpt_)},
                     {"{rcpt_mailer}", "smtp"}};
            defaults = {"i", "{rcpt_addr}", "{rcpt_host}", "{rcpt_mailer}"};
            break;
        case MData:
        case MEoh:
        case MEom:
            defaults = {"i"};
            break;
        default:
            break;
    }
    if (queue_id_known && stage != MConnect && stage != MHelo) known.push_back({"i", queue_id_});
    for (const Macro& m : opt_.extra_macros[stage]) {
        known.push_back(m);
        defaults.push_back(m.name);
    }
    const std::vector<std::string>& wanted = symlist_[stage] ? *symlist_[stage] : defaults;
    std::string data(1, kStageCommand[stage]);
    bool any = false;
    for (const std::string& w : wanted) {
        std::string key = strip_braces(w);
        // Later entries (--macro) override built-in ones.
        auto it = std::find_if(known.rbegin(), known.rend(), [&](const Macro& m) { return strip_braces(m.name) == key; });
        if (it == known.rend()) continue;
        data.append(it->name).append(1, '\0').append(it->value).append(1, '\0');
        any = true;
    }
    if (any) queue(cmd::Macro, data);
}


StepResult Session::step(std::optional<MacroStage> stage, char command, std::string_view data,
                         std::uint32_t no_reply_bit, bool queue_id_known) {
    current_ = command_name(command);
    if (stage) queue_macros(*stage, queue_id_known);
    queue(command, data);
    if (steps_ & no_reply_bit) return {};  // stays buffered until a reply is awaited
    auto [code, reply] = read_packet();
    return interpret(command, code, reply);
}

StepResult Session::interpret(char command, char code, std::string_view data) {
    switch (code) {
        case reply::Continue: return {};
        case reply::Accept: return {false, false, false, Final::Accept};
        case reply::Reject: return {false, false, false, Final::Reject};
        case reply::Tempfail: return {false, false, false, Final::Tempfail};
        case reply::Discard: return {false, false, false, Final::Discard};
        case reply::ReplyCode: {
            // "550 5.7.1 text": the class of the code decides; 421 also drops the SMTP session.
            if (data.size() < 4 || (data[0] != '4' && data[0] != '5') || data.back() != '\0')
                fail("malformed SMFIR_REPLYCODE \"" + std::string(data.substr(0, 40)) + "\"");
            bool temp = data[0] == '4';
            return {false, false, data.starts_with("421"), temp ? Final::Tempfail : Final::Reject};
        }
        case reply::Skip:
            if (command != cmd::Body) fail("SMFIR_SKIP is only allowed in reply to SMFIC_BODY");
            if (!(steps_ & SkipOk)) fail("SMFIR_SKIP without negotiating SMFIP_SKIP");
            return {true, true, false, Final::Continue};
        case reply::Shutdown:
        case reply::ConnFail: return {false, false, true, Final::Tempfail};
        case reply::AddRcpt:
        case reply::DelRcpt:
        case reply::AddRcptPar:
        case reply::ReplBody:
        case reply::ChgFrom:
        case reply::AddHeader:
        case reply::InsHeader:
        case reply::ChgHeader:
        case reply::Progress:
        case reply::Quarantine:
            fail("modification action " + printable(code) + " before end of message");
        default: fail("unknown reply " + printable(code));
    }
}

// Checks a modification action against the negotiated bits and its shape, and counts it.
void Session::count_action(char code, std::string_view data) {
    struct Shape {
        Action action;
        std::uint32_t bit;       // SMFIF_* that must have been negotiated (0: none)
        const char* bit_name;
        std::size_t prefix;      // fixed bytes before the strings (header index)
        int min_strings, max_strings;
    };
    static const std::map<char, Shape> shapes = {
        {reply::AddHeader, {Action::AddHeader, 0x1, "SMFIF_ADDHDRS", 0, 2, 2}},
        {reply::InsHeader, {Action::InsHeader, 0x1, "SMFIF_ADDHDRS", 4, 2, 2}},
        {reply::ChgHeader, {Action::ChgHeader, 0x10, "SMFIF_CHGHDRS", 4, 2, 2}},
        {reply::ReplBody, {Action::ReplBody, 0x2, "SMFIF_CHGBODY", 0, -1, -1}},
        {reply::AddRcpt, {Action::AddRcpt, 0x4, "SMFIF_ADDRCPT", 0, 1, 1}},
        {reply::AddRcptPar, {Action::AddRcpt, 0x80, "SMFIF_ADDRCPT_PAR", 0, 1, 2}},
        {reply::DelRcpt, {Action::DelRcpt, 0x8, "SMFIF_DELRCPT", 0, 1, 1}},
        {reply::ChgFrom, {Action::ChgFrom, 0x40, "SMFIF_CHGFROM", 0, 1, 2}},
        {reply::Quarantine, {Action::Quarantine, 0x20, "SMFIF_QUARANTINE", 0, 1, 1}},
        {reply::Progress, {Action::Progress, 0, "", 0, 0, 0}},
    };
    const Shape& s = shapes.at(code);
    if (s.bit && !(actions_ & s.bit)) fail("action " + printable(code) + " without negotiating " + s.bit_name);
    if (s.min_strings >= 0) {
        if (data.size() < s.prefix) fail("action " + printable(code) + " too short");
        std::string_view strings = data.substr(s.prefix);
        auto n = std::count(strings.begin(), strings.end(), '\0');
        if ((!strings.empty() && strings.back() != '\0') || n < s.min_strings || n > s.max_strings)
            fail("malformed action " + printable(code) + " (" + std::to_string(n) + " strings)");
    }
    ++stats_.actions[static_cast<int>(s.action)];
}

StepResult Session::read_eom() {
    current_ = command_name(cmd::Eom);
    queue_macros(MEom, true);
    queue(cmd::Eom, {});
    for (;;) {
        auto [code, data] = read_packet();
        switch (code) {
            case reply::AddRcpt: case reply::DelRcpt: case reply::AddRcptPar: case reply::ReplBody:
            case reply::ChgFrom: case reply::AddHeader: case reply::InsHeader: case reply::ChgHeader:
            case reply::Progress: case reply::Quarantine:
                count_action(code, data);
                continue;
            default: {
                StepResult r = interpret(cmd::Eom, code, data);
                r.go_on = false;  // CONTINUE at EOM accepts the message as it stands
                return r;
            }
        }
    }
}

// RCPT per recipient: REJECT/TEMPFAIL refuse that recipient only, ACCEPT/DISCARD
// decide the message (milter.md 1.2); with no recipient left the message is refused.
StepResult Session::run_rcpts() {
    int accepted = 0;
    StepResult refused{false, false, false, Final::Reject};
    for (const std::string& rcpt : opt_.rcpts) {
        if (steps_ & NoRcpt) {
            ++accepted;
            continue;
        }
        current_rcpt_ = rcpt;
        // Postfix creates the queue file after the first accepted recipient (1.7).
        StepResult r = step(MRcpt, cmd::Rcpt, angle(rcpt) + '\0', NrRcpt, accepted > 0);
        if (r.go_on) {
            ++accepted;
        } else if (r.close_conn || r.final == Final::Accept || r.final == Final::Discard) {
            return r;
        } else {
            refused = r;
        }
    }
    return accepted > 0 ? StepResult{} : refused;
}

StepResult Session::run_content() {
    if (!(steps_ & NoData)) {
        StepResult r = step(MData, cmd::Data, {}, NrData, true);
        if (!r.go_on) return r;
    }
    if (!(steps_ & NoHeaders)) {
        for (const auto& [name, raw_value] : msg_.headers) {
            std::string_view value = raw_value;
            if (!(steps_ & HeaderLeadingSpace) && value.starts_with(' ')) value.remove_prefix(1);  // 1.6
            std::string data = name;
            data.append(1, '\0').append(value).append(1, '\0');
            StepResult r = step(std::nullopt, cmd::Header, data, NrHeader, true);
            if (!r.go_on) return r;
        }
    }
    if (!(steps_ & NoEoh)) {
        StepResult r = step(MEoh, cmd::Eoh, {}, NrEoh, true);
        if (!r.go_on) return r;
    }
    if (!(steps_ & NoBody)) {
        std::string_view body = msg_.body;
        for (std::size_t at = 0; at < body.size(); at += opt_.chunk) {
            StepResult r = step(std::nullopt, cmd::Body, body.substr(at, opt_.chunk), NrBody, true);
            if (r.skip) break;
            if (!r.go_on) return r;
        }
    }
    return read_eom();
}

StepResult Session::run_message() {
    ++message_no_;
    char id[32];
    std::snprintf(id, sizeof id, "%03X%07lX", static_cast<unsigned>(index_ & 0xfff),
                  static_cast<unsigned long>(message_no_ & 0xfffffff));
    queue_id_ = id;
    StepResult r{};
    if (!(steps_ & NoMail)) r = step(MMail, cmd::Mail, angle(opt_.from) + '\0', NrMail, false);
    if (r.go_on) r = run_rcpts();
    if (r.go_on) return run_content();
    // Ended before EOM: the MTA resets the filter's message state, as on RSET.
    if (!r.close_conn) queue(cmd::Abort, {});
    return r;
}

void Session::run(long messages, std::optional<Clock::time_point> deadline) {
    tracing_ = opt_.trace && index_ == 0;
    long on_connection = 0;
    for (long done = 0; done < messages; ++done) {
        if (deadline && Clock::now() >= *deadline) break;
        Clock::time_point t0 = Clock::now();
        StepResult r{};
        if (sock_.fd() < 0) {
            on_connection = 0;
            if (!open_connection()) {
                close_connection();
                stats_.latency_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                continue;
            }
        }
        r = run_message();
        count_final(r.final);
        stats_.latency_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        ++on_connection;
        if (r.close_conn) sock_.reset();
        else if (opt_.per_connection > 0 && on_connection >= opt_.per_connection) close_connection();
        tracing_ = false;
    }
    close_connection();
}

// ---- command line and report -------------------------------------------------

[[noreturn]] void usage_error(const std::string& what) {
    std::cerr << "milter_load: " << what << " (see --help)\n";
    std::exit(2);
}

long to_number(const std::string& option, const std::string& value, long min, long max) {
    try {
        std::size_t used = 0;
        long v = std::stol(value, &used);
        if (used == value.size() && v >= min && v <= max) return v;
    } catch (const std::exception&) {
    }
    usage_error(option + " wants a number in " + std::to_string(min) + ".." + std::to_string(max) + ", got \"" +
                value + "\"");
}

void add_macro(Options& opt, const std::string& spec) {
    auto colon = spec.find(':');
    auto eq = spec.find('=');
    if (colon == std::string::npos || eq == std::string::npos || eq < colon || eq == colon + 1)
        usage_error("--macro wants STAGE:NAME=VALUE, got \"" + spec + "\"");
    std::string stage = spec.substr(0, colon);
    for (int s = 0; s < kMacroStages; ++s) {
        if (stage == kStageName[s]) {
            opt.extra_macros[s].push_back({spec.substr(colon + 1, eq - colon - 1), spec.substr(eq + 1)});
            return;
        }
    }
    usage_error("--macro stage must be connect, helo, mail, rcpt, data, eoh or eom, got \"" + stage + "\"");
}

Options parse_options(int argc, char** argv) {
    Options opt;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) usage_error(a + " needs a value");
            return args[++i];
        };
        if (a == "-h" || a == "--help") {
            std::cout << kHelp;
            std::exit(0);
        } else if (a == "--socket") opt.socket = value();
        else if (a == "-c" || a == "--connections") opt.connections = static_cast<int>(to_number(a, value(), 1, 4096));
        else if (a == "-n" || a == "--messages") opt.messages = to_number(a, value(), 1, 1L << 40);
        else if (a == "--duration") opt.duration = static_cast<double>(to_number(a, value(), 1, 86400));
        else if (a == "--message") opt.message_file = value();
        else if (a == "--client-ip") opt.client_ip = value();
        else if (a == "--client-name") opt.client_name = value();
        else if (a == "--helo") opt.helo = value();
        else if (a == "--from") opt.from = value();
        else if (a == "--rcpt") opt.rcpts.push_back(value());
        else if (a == "--macro") add_macro(opt, value());
        else if (a == "--per-connection") opt.per_connection = to_number(a, value(), 0, 1L << 40);
        else if (a == "--chunk") opt.chunk = static_cast<std::size_t>(to_number(a, value(), 1, 65535));
        else if (a == "--timeout") opt.timeout = static_cast<int>(to_number(a, value(), 1, 3600));
        else if (a == "--nodelay") opt.nodelay = true;
        else if (a == "--trace") opt.trace = true;
        else if (a == "--quiet") opt.quiet = true;
        else usage_error("bad argument \"" + a + "\"");
    }
    if (opt.socket.empty()) usage_error("--socket is required");
    try {
        opt.endpoint = parse_endpoint(opt.socket);
    } catch (const std::invalid_argument& e) {
        usage_error("bad --socket \"" + opt.socket + "\": " + e.what());
    }
    in6_addr probe{};
    if (::inet_pton(opt.client_ip.find(':') != std::string::npos ? AF_INET6 : AF_INET, opt.client_ip.c_str(), &probe) != 1)
        usage_error("--client-ip \"" + opt.client_ip + "\" is not an IPv4 or IPv6 address");
    if (opt.rcpts.empty()) opt.rcpts.push_back("<rcpt@mx.bench.invalid>");
    if (!opt.messages && !opt.duration) opt.messages = 100;
    return opt;
}

MessageData load_message(const Options& opt) {
    if (opt.message_file.empty()) return parse_message(kBuiltinMessage);
    std::ifstream in(opt.message_file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + opt.message_file + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return parse_message(text.str());
}

double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));  // nearest rank
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

void report(const Options& opt, Stats& total, double seconds) {
    std::sort(total.latency_ms.begin(), total.latency_ms.end());
    auto n = static_cast<double>(total.latency_ms.size());
    std::printf("milter_load: socket %s, %d connection(s)\n", opt.socket.c_str(), opt.connections);
    std::printf("messages: %.0f\nseconds: %.3f\nmessages/s: %.1f\n", n, seconds, seconds > 0 ? n / seconds : 0.0);
    std::printf("p50_ms: %.3f\np99_ms: %.3f\nmax_ms: %.3f\n", percentile(total.latency_ms, 0.50),
                percentile(total.latency_ms, 0.99), total.latency_ms.empty() ? 0.0 : total.latency_ms.back());
    for (std::size_t i = 0; i < kFinalName.size(); ++i) std::printf("%s: %ld\n", kFinalName[i], total.finals[i]);
    std::printf("actions:");
    for (std::size_t i = 0; i < kActionName.size(); ++i) std::printf(" %s=%ld", kActionName[i], total.actions[i]);
    std::printf("\nerrors: %zu\n", total.errors.size());
}

}  // namespace

int main(int argc, char** argv) {
    Options opt = parse_options(argc, argv);
    MessageData message;
    try {
        message = load_message(opt);
    } catch (const std::exception& e) {
        std::cerr << "milter_load: " << e.what() << '\n';
        return 2;
    }
    std::vector<Stats> stats(static_cast<std::size_t>(opt.connections));
    std::optional<Clock::time_point> deadline;
    Clock::time_point start = Clock::now();
    if (opt.duration)
        deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*opt.duration));
    long messages = opt.messages.value_or(std::numeric_limits<long>::max());
    {
        std::vector<std::jthread> threads;
        for (int k = 0; k < opt.connections; ++k) {
            threads.emplace_back([&, k] {
                Stats& mine = stats[static_cast<std::size_t>(k)];
                try {
                    Session(opt, message, k, mine).run(messages, deadline);
                } catch (const std::exception& e) {
                    mine.errors.push_back(e.what());
                }
            });
        }
    }
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    Stats total;
    for (const Stats& s : stats) total.merge(s);
    for (const std::string& e : total.errors) std::cerr << "milter_load: error: " << e << '\n';
    if (!opt.quiet) report(opt, total, seconds);
    return total.errors.empty() ? 0 : 1;
}
