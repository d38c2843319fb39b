// gossip: ask a GOSSiP server for a reputation, report spam/ham feedback or reset a
// record from the command line, like pygossip's tc.py (gossip.md §6). All protocol
// work is gossip::Client; this file parses arguments and prints the reply.
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/gossip/client.hpp"
#include "mailsec/gossip/umis.hpp"

namespace gossip = mailsec::gossip;

namespace {

constexpr int exit_usage = 2;

constexpr const char* help_text = R"HELP(NAME
    gossip - query, report to and reset a GOSSiP reputation server

SYNOPSIS
    gossip [--server HOST:PORT] [--timeout SECONDS] query ID QUAL [TTL [UMIS]]
    gossip [--server HOST:PORT] [--timeout SECONDS] feedback UMIS spam|ham
    gossip [--server HOST:PORT] [--timeout SECONDS] reset ID QUAL

DESCRIPTION
    Speaks the GOSSiP line protocol (pygossip 0.7 and gossipd) over one TCP
    connection.

    query     asks for the reputation of ID:QUAL (for example example.com SPF) with
              TTL (default 1; 2 reaches the peers' peers) and registers UMIS for
              feedback. Without UMIS one is made from ID, QUAL, the process id and
              the time. Prints the reply line, e.g.
                  PREPEND X-GOSSiP: Q30Xv5qWWC4Aa30jlI.BlQ,-76,3
              The fields are the UMIS, the reputation (-100..100) and the confidence
              (0..100); REJECT means the server considers the source a spammer.
    feedback  reports the message UMIS (from an earlier query on the same client
              address) as spam or ham. The server counts one vote per UMIS.
    reset     deletes the record ID:QUAL (servers allow it to admin clients only).

OPTIONS
    --server HOST:PORT   The server (default 127.0.0.1:11900). HOST may be a name,
                         an IPv4 address or [IPv6]; PORT alone means 127.0.0.1.
    --timeout SECONDS    Connect and reply deadline (default 3).
    --help               Show this text.

EXIT STATUS
    0 on success, 1 when the server could not be reached or answered ERROR,
    2 on a usage error.
)HELP";

struct Server {
    std::string host = "127.0.0.1";
    std::uint16_t port = gossip::default_port;
};

std::optional<std::uint16_t> parse_port(std::string_view s) {
    unsigned v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || v == 0 || v > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(v);
}

std::optional<Server> parse_server(std::string_view s) {
    Server out;
    if (auto p = parse_port(s)) {
        out.port = *p;
        return out;
    }
    std::string_view host = s;
    std::string_view port;
    if (s.starts_with('[')) {
        const auto close = s.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = s.substr(1, close - 1);
        if (close + 1 < s.size()) {
            if (s[close + 1] != ':') return std::nullopt;
            port = s.substr(close + 2);
        }
    } else if (const auto colon = s.find(':');
               colon != std::string_view::npos && s.find(':', colon + 1) == std::string_view::npos) {
        host = s.substr(0, colon);
        port = s.substr(colon + 1);
    }
    if (host.empty()) return std::nullopt;
    out.host = std::string(host);
    if (!port.empty()) {
        auto p = parse_port(port);
        if (!p) return std::nullopt;
        out.port = *p;
    }
    return out;
}

int usage(const std::string& why) {
    std::cerr << "gossip: " << why << "\nTry 'gossip --help'.\n";
    return exit_usage;
}

int fail(const mailsec::core::Error& e) {
    std::cerr << "gossip: " << e.message << '\n';
    return 1;
}

std::string fresh_umis(const std::string& id, const std::string& qual) {
    const auto now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    return gossip::make_umis(id + qual, std::to_string(::getpid()) + "." + std::to_string(now));
}

int run_query(gossip::Client& client, const std::vector<std::string>& args) {
    if (args.size() < 3 || args.size() > 5) return usage("query takes ID QUAL [TTL [UMIS]]");
    int ttl = 1;
    if (args.size() >= 4) {
        const auto& t = args[3];
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), ttl);
        if (ec != std::errc{} || end != t.data() + t.size() || ttl < 0 || ttl > gossip::max_wire_ttl)
            return usage("TTL must be 0..255");
    }
    const std::string umis = args.size() == 5 ? args[4] : fresh_umis(args[1], args[2]);
    auto answer = client.query(umis, args[1], args[2], ttl);
    if (!answer) return fail(answer.error());
    std::cout << answer->action << " X-GOSSiP: " << answer->umis << ',' << answer->rep << ',' << answer->cfi << '\n';
    return 0;
}

int run_feedback(gossip::Client& client, const std::vector<std::string>& args) {
    if (args.size() != 3 || (args[2] != "spam" && args[2] != "ham")) return usage("feedback takes UMIS spam|ham");
    if (auto s = client.feedback(args[1], args[2] == "spam"); !s) return fail(s.error());
    return 0;
}

int run_reset(gossip::Client& client, const std::vector<std::string>& args) {
    if (args.size() != 3) return usage("reset takes ID QUAL");
    if (auto s = client.reset(args[1], args[2]); !s) return fail(s.error());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Server server;
    int timeout = 3;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--help" || a == "-h") {
            std::cout << help_text;
            return 0;
        }
        if ((a == "--server" || a == "--timeout") && i + 1 >= argc) return usage(std::string(a) + " needs a value");
        if (a == "--server") {
            auto s = parse_server(argv[++i]);
            if (!s) return usage("bad --server, want HOST:PORT");
            server = *s;
        } else if (a == "--timeout") {
            const std::string_view t = argv[++i];
            const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), timeout);
            if (ec != std::errc{} || end != t.data() + t.size() || timeout < 1) return usage("bad --timeout");
        } else if (a.starts_with("--")) {
            return usage("unknown option " + std::string(a));
        } else {
            args.emplace_back(a);
        }
    }
    if (args.empty()) return usage("missing command (query, feedback or reset)");
    gossip::Client client(server.host, server.port,
                          gossip::Timeouts{std::chrono::seconds{timeout}, std::chrono::seconds{timeout}});
    if (args[0] == "query") return run_query(client, args);
    if (args[0] == "feedback") return run_feedback(client, args);
    if (args[0] == "reset") return run_reset(client, args);
    return usage("unknown command " + args[0]);
}
