// milter_session: the protocol state machine of one connection: packet queueing,
// flushing and reading with timeouts and --trace output, OPTNEG, the per-stage
// macro lists, each step and the interpretation of its reply, the checks and
// counts of EOM modification actions, and the message loop with its latencies.
#include "milter_session.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <sstream>

namespace milter_bench {
namespace {

std::string strip_braces(std::string_view n) {
    if (n.size() > 2 && n.front() == '{' && n.back() == '}') return std::string(n.substr(1, n.size() - 2));
    return std::string(n);
}

}  // namespace

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

}  // namespace milter_bench
