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
// Layout: milter_wire (codes, framing), milter_config (options, message, socket),
// milter_session (one connection's protocol), load_stats (statistics, report);
// this file has the --help text, argument parsing and main with its threads.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "load_stats.hpp"
#include "milter_config.hpp"
#include "milter_session.hpp"
#include "milter_wire.hpp"

using namespace milter_bench;

namespace {

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
    if (!opt.quiet) report(opt.socket, opt.connections, total, seconds);
    return total.errors.empty() ? 0 : 1;
}
