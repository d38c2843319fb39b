// srs: forward or reverse addresses with SRS or SES from the command line,
// option-compatible with Mail::SRS's srs(1) (srs.md §8b). All logic is in libsrs;
// this file parses options, builds one scheme and runs the addresses through it.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mailsec/core/clock.hpp"
#include "mailsec/srs/scheme.hpp"
#include "mailsec/srs/ses.hpp"
#include "mailsec/srs/sqlite_store.hpp"

namespace srs = mailsec::srs;
namespace core = mailsec::core;

namespace {

constexpr int exit_usage = 2;

constexpr const char* help_text = R"HELP(NAME
    srs - rewrite addresses with the Sender Rewriting Scheme (SRS) or SES

SYNOPSIS
    srs --secret=SECRET [--secret=OLD ...] --alias=DOMAIN [--forward] [OPTIONS] ADDRESS...
    srs --secret=SECRET --reverse [OPTIONS] ADDRESS...
    srs --secret=SECRET [--forward|--reverse] [OPTIONS] < addresses.txt

DESCRIPTION
    Forwarding (the default) rewrites each sender ADDRESS into an address in the
    --alias domain that carries a hash and a day stamp, so a forwarded message passes
    SPF at the next hop; --reverse turns such an address back into the original sender.
    Output matches Mail::SRS's srs(1) and pysrs for the same secret, alias, separator,
    hash length and day. Addresses come from --address options and bare arguments; with
    none, srs reads standard input, one address per line, and writes one result per line.

OPTIONS
    --secret=SECRET      A secret (repeatable). The first signs; all are tried when verifying,
                         so a new secret can be put first while old addresses still reverse.
    --secretfile=FILE    Reads more secrets from FILE, one per line (empty lines skipped).
    --alias=DOMAIN       Our SRS domain (an address is accepted; its domain is used).
                         Needed to forward, not to reverse.
    --forward            Forward the addresses (the default).
    --reverse            Reverse the addresses.
    --address=ADDRESS    An address to process (repeatable); bare arguments are addresses too.
    --separator=C        Separator after SRS0/SRS1: '=' (default), '+' or '-'.
    --hashlength=N       Hash characters to write, 1..27 (default 4; 24 for --scheme=db).
    --hashmin=N          Shortest hash accepted on reverse, 1..hashlength (default hashlength).
    --maxage=DAYS        Days an address stays valid, 0..1023 (default 21); with --ses,
                         the signature lifetime.
    --scheme=NAME        guarded (default), shortcut, reversible or db.
    --database=FILE      SQLite file of the db scheme (created if missing).
    --ses                Sign (forward) or verify (reverse) Signed Envelope Sender addresses.
    --now=EPOCH          Use this Unix time instead of the clock (tests, reproducible output).
    --help               Show this text.

EXIT STATUS
    0 when every address was processed, 1 when at least one failed (each failure prints
    "srs: ADDRESS: MESSAGE (CODE)" on standard error), 2 for a usage or configuration error.

EXAMPLES
    srs --secret=shhhh! --alias=second.com mouse@orig.com
        SRS0=VPFz=IZ=orig.com=mouse@second.com   (on 2024-01-15)
    srs --secret=shhhh! --reverse SRS0=VPFz=IZ=orig.com=mouse@second.com
        mouse@orig.com
)HELP";

struct Cli {
    std::vector<std::string> secrets;
    std::optional<std::string> secret_file, alias, database;
    bool reverse = false, ses = false;
    std::vector<std::string> addresses;
    srs::Options options;
    srs::SchemeKind scheme = srs::SchemeKind::guarded;
    std::optional<std::int64_t> now;
};

struct UsageError {
    std::string message;
};

int parse_int(const std::string& name, const std::string& value) {
    std::size_t used = 0;
    int v = 0;
    try {
        v = std::stoi(value, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != value.size() || value.empty()) throw UsageError{"--" + name + " needs a number, got '" + value + "'"};
    return v;
}

// One --name=value option.
void apply(Cli& cli, const std::string& name, const std::string& value) {
    if (name == "secret") cli.secrets.push_back(value);
    else if (name == "secretfile") cli.secret_file = value;
    else if (name == "alias") cli.alias = value;
    else if (name == "address") cli.addresses.push_back(value);
    else if (name == "database") cli.database = value;
    else if (name == "hashlength") cli.options.hash_length = parse_int(name, value);
    else if (name == "hashmin") cli.options.hash_min = parse_int(name, value);
    else if (name == "maxage") cli.options.max_age = parse_int(name, value);
    else if (name == "now") {
        try {
            cli.now = std::stoll(value);
        } catch (const std::exception&) {
            throw UsageError{"--now needs a Unix time, got '" + value + "'"};
        }
    } else if (name == "separator") {
        if (value.size() != 1) throw UsageError{"--separator needs one character, got '" + value + "'"};
        cli.options.separator = value[0];
    } else if (name == "scheme") {
        auto kind = srs::parse_scheme(value);
        if (!kind) throw UsageError{"unknown scheme '" + value + "' (guarded, shortcut, reversible, db)"};
        cli.scheme = *kind;
    } else {
        throw UsageError{"unknown option --" + name};
    }
}

bool takes_value(const std::string& name) {
    for (const char* known : {"secret", "secretfile", "alias", "address", "database", "hashlength", "hashmin",
                              "maxage", "now", "separator", "scheme"})
        if (name == known) return true;
    return false;
}

// Getopt::Long style, as Mail::SRS's srs: --name=value, --name value, -name.
Cli parse(int argc, char** argv) {
    Cli cli;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--") {
            for (++i; i < argc; ++i) cli.addresses.emplace_back(argv[i]);
            break;
        }
        if (arg.size() < 2 || arg[0] != '-') {
            cli.addresses.push_back(arg);
            continue;
        }
        std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
        if (name == "forward") cli.reverse = false;
        else if (name == "reverse") cli.reverse = true;
        else if (name == "ses") cli.ses = true;
        else if (name == "help") throw UsageError{""};
        else if (auto eq = name.find('='); eq != std::string::npos) apply(cli, name.substr(0, eq), name.substr(eq + 1));
        else if (!takes_value(name)) throw UsageError{"unknown option --" + name};
        else if (i + 1 < argc) apply(cli, name, argv[++i]);
        else throw UsageError{"option --" + name + " needs a value"};
    }
    return cli;
}

// postsrsd/Mail::SRS secret files: one per line, CR/LF stripped, empty lines skipped (srs.md §8).
void read_secret_file(Cli& cli) {
    if (!cli.secret_file) return;
    std::ifstream in(*cli.secret_file);
    if (!in) throw UsageError{"cannot read secret file " + *cli.secret_file};
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
        if (!line.empty()) cli.secrets.push_back(line);
    }
}

// Turns one address into one output line, or an error.
class Processor {
public:
    virtual ~Processor() = default;
    virtual core::Result<std::string> process(const std::string& address) = 0;
};

class SrsProcessor final : public Processor {
public:
    SrsProcessor(std::unique_ptr<srs::Scheme> scheme, const Cli& cli)
        : scheme_(std::move(scheme)), alias_(cli.alias.value_or("")), reverse_(cli.reverse) {}
    core::Result<std::string> process(const std::string& address) override {
        if (!reverse_) return scheme_->forward(address, alias_);
        auto r = scheme_->reverse(address);
        if (!r) return r.error();
        if (r->case_warning) std::cerr << "srs: warning: " << address << ": hash matched only ignoring case\n";
        return r->address;
    }

private:
    std::unique_ptr<srs::Scheme> scheme_;
    std::string alias_;
    bool reverse_;
};

class SesProcessor final : public Processor {
public:
    SesProcessor(std::unique_ptr<srs::Ses> ses, bool reverse) : ses_(std::move(ses)), reverse_(reverse) {}
    core::Result<std::string> process(const std::string& address) override {
        if (!reverse_) return ses_->sign(address);
        auto v = ses_->verify(address);
        if (!v) return v.error();
        if (!v->verified) return core::Error{"unverified", "not a valid SES signature"};
        return v->address;
    }

private:
    std::unique_ptr<srs::Ses> ses_;
    bool reverse_;
};

std::unique_ptr<Processor> make_processor(const Cli& cli, const core::Clock& clock) {
    if (cli.ses) {
        srs::SesOptions o;
        o.secrets = cli.secrets;
        o.expiration = cli.options.max_age;
        auto ses = srs::Ses::create(o, clock);
        if (!ses) throw UsageError{ses.error().message};
        return std::make_unique<SesProcessor>(std::move(*ses), cli.reverse);
    }
    if (!cli.reverse && !cli.alias) throw UsageError{"forwarding needs --alias=DOMAIN"};
    std::shared_ptr<srs::Store> store;
    if (cli.scheme == srs::SchemeKind::database) {
        if (!cli.database) throw UsageError{"--scheme=db needs --database=FILE"};
        auto s = srs::SqliteStore::open(*cli.database);
        if (!s) throw UsageError{s.error().message};
        store = std::move(*s);
    }
    auto options = cli.options;
    options.secrets = cli.secrets;
    auto scheme = srs::make_scheme(cli.scheme, options, clock, store);
    if (!scheme) throw UsageError{scheme.error().message};
    return std::make_unique<SrsProcessor>(std::move(*scheme), cli);
}

bool run_one(Processor& p, const std::string& address) {
    auto out = p.process(address);
    if (out) {
        std::cout << *out << '\n';  // buffered: no flush per line (srs.md §8b)
        return true;
    }
    std::cerr << "srs: " << address << ": " << out.error().message << " (" << out.error().code << ")\n";
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    try {
        Cli cli = parse(argc, argv);
        read_secret_file(cli);
        core::SystemClock system_clock;
        core::ManualClock fixed_clock(core::Clock::time_point{std::chrono::seconds{cli.now.value_or(0)}});
        const core::Clock& clock = cli.now ? static_cast<const core::Clock&>(fixed_clock) : system_clock;
        auto processor = make_processor(cli, clock);
        bool all_ok = true;
        if (!cli.addresses.empty()) {
            for (const auto& a : cli.addresses) all_ok = run_one(*processor, a) && all_ok;
        } else {
            std::string line;
            while (std::getline(std::cin, line)) {
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (!line.empty()) all_ok = run_one(*processor, line) && all_ok;
            }
        }
        std::cout.flush();
        return all_ok ? 0 : 1;
    } catch (const UsageError& e) {
        if (e.message.empty()) {
            std::cout << help_text;
            return 0;
        }
        std::cerr << "srs: " << e.message << "\n(srs --help for the options)\n";
        return exit_usage;
    }
}
