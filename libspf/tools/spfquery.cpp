// spfquery: one SPF check per query, printed as libspf2's and pyspf's spfquery do
// (spf.md §6). Options are parsed here; every decision is libspf's.
#include <charconv>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/core/clock.hpp"
#include "mailsec/dns/caching_resolver.hpp"
#include "mailsec/dns/ldns_resolver.hpp"
#include "mailsec/dns/zone_resolver.hpp"
#include "mailsec/spf/checker.hpp"
#include "mailsec/spf/header.hpp"
#include "suite.hpp"

namespace {

namespace dns = mailsec::dns;
namespace spf = mailsec::spf;

// libspf2's spfquery exit codes (spf.md §6).
constexpr int exit_usage = 255;

int exit_code(spf::Result result) {
    switch (result) {
        case spf::Result::neutral: return 1;
        case spf::Result::pass: return 2;
        case spf::Result::fail: return 3;
        case spf::Result::softfail: return 4;
        case spf::Result::none: return 5;
        case spf::Result::temperror: return 6;
        case spf::Result::permerror: return 7;
    }
    return 7;
}

constexpr std::string_view help_text = R"(NAME
    spfquery - check a host against a domain's SPF policy (RFC 7208)

SYNOPSIS
    spfquery --ip=ADDRESS --sender=ADDRESS [--helo=NAME] [OPTIONS]
    spfquery --ip=ADDRESS --helo=NAME [OPTIONS]
    spfquery --file=FILE [OPTIONS]

DESCRIPTION
    Evaluates the SPF policy of the sender's domain (the MAIL FROM identity),
    or of the HELO name when no sender is given (the HELO identity), for the
    client ADDRESS, and prints four lines per query:

        1. the result: pass, fail, softfail, neutral, none, temperror or
           permerror
        2. the explanation (the exp= text or a default for fail, the default
           for softfail, "SPF Permanent Error: REASON" or "SPF Temporary
           Error: REASON"); an empty line for pass, neutral and none
        3. RECEIVER: the header comment
        4. Received-SPF: the RFC 7208 section 9.1 header field

    Options are accepted in GNU form (--ip=1.2.3.4, --ip 1.2.3.4) and in the
    single-dash form of libspf2's spfquery (-ip=1.2.3.4, -ip 1.2.3.4), so both
    pyspf's spfquery.py and libspf2's spfquery command lines work.

QUERY OPTIONS
    --ip=ADDRESS
        The SMTP client's address: IPv4, IPv6 (any case, "::" compression,
        embedded dotted quad). An IPv4-mapped address (::ffff:a.b.c.d) is
        checked as IPv4.
    --sender=ADDRESS
        The MAIL FROM address. Without a local part ("example.com" or
        "@example.com") the local part is "postmaster". Empty or "<>": the
        HELO identity.
    --helo=NAME
        The HELO/EHLO name: the identity checked when there is no sender,
        otherwise only the value of the %{h} macro.
    --file=FILE
        Read queries from FILE ("-" or "0": standard input), one per line:
        "ADDRESS SENDER HELO [RCPT-TO]", separated by white space; SENDER "<>"
        is the HELO identity. Blank lines and lines starting with "#" are
        skipped (printed with --keep-comments). Conflicts with --ip, --sender
        and --helo.
    --rcpt-to=ADDRESSES
        Accepted for libspf2 compatibility and ignored (a note goes to
        standard error).

POLICY OPTIONS
    --local=TERMS
        Local policy (libspf2's and pyspf's "local"): SPF terms spliced into
        every record found, after its last term without an explicit
        qualifier, e.g. --local="ip4:192.0.2.0/24 a:relay.example.org".
    --guess=RECORD
        When the result is none, report the evaluation of RECORD against the
        sender's domain instead ("v=spf1 " is prepended when missing), e.g.
        --guess="a/24 mx/24 ptr". A permerror of the guess reads as neutral.
    --default-explanation=TEXT
        The explanation of fail and softfail when the domain gives none
        (default "SPF fail - not authorized").
    --max-lookup=N
        The DNS-term limit (default 10, RFC 7208 section 4.6.4).
    --name=NAME
        The receiving host's name: the value of %{r} and of the receiver in
        the header lines (default "spfquery").
    --sanitize, --trusted, --override, --fallback
        Accepted for libspf2 compatibility and ignored (a note goes to
        standard error).

DNS OPTIONS
    --server=HOST[:PORT]
        Ask this DNS server (numeric IPv4 or IPv6; IPv6 with a port as
        [ADDR]:PORT) instead of the servers of /etc/resolv.conf. Repeat for
        more servers; all must share one port.
    --timeout=MS
        Per-lookup timeout in milliseconds (default 20000); the whole check
        also stops after 20 seconds (RFC 7208 section 4.6.4).
    --zone=FILE.yml
        Answer from the zonedata of an RFC 7208-style YAML test suite
        instead of the network, with the suites' fake-DNS rules (TIMEOUT
        entries time out, SPF-type records are also served as TXT when an
        owner has no TXT item). All scenarios are merged (an owner defined
        by several keeps the first one's records) unless --scenario is given.
    --scenario=NAME
        With --zone: use only the scenario whose description is NAME, or
        which has a test named NAME (e.g. --scenario=mx-limit).

OTHER OPTIONS
    --debug
        Trace every DNS lookup and its answer on standard error.
    --keep-comments
        With --file: print the comment lines of the file.
    --version
        Print the version and exit 0.
    -h, --help
        Print this help and exit 0.

EXAMPLES
    spfquery -ip=192.0.2.3 -sender=strong-bad@email.example.com -helo=mx.example.org
    spfquery --ip 2001:db8::25 --helo mail.example.net --server 127.0.0.1:5353
    spfquery --zone rfc7208-tests.yml --ip 1.2.3.4 --sender foo@e1.example.com

EXIT STATUS
    The result of the last query:
        1 neutral, 2 pass, 3 fail, 4 softfail, 5 none, 6 temperror,
        7 permerror
    255 on a usage error, an unusable option value, an unreadable file or an
    invalid IP address ("Invalid IP address." on standard output, as
    libspf2's spfquery prints).
)";

struct Args {
    std::string ip, sender, helo, file;
    bool have_ip = false, have_sender = false, have_helo = false, have_file = false;
    std::string local, guess, name = "spfquery", zone, scenario;
    std::optional<std::string> default_explanation;
    std::optional<int> max_lookup;
    std::optional<int> timeout_ms;
    std::vector<std::string> servers;
    bool debug = false, keep_comments = false, version = false, help = false;
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::optional<int> parse_int(std::string_view text, int min, int max) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
    return value;
}

int int_option(const std::string& name, const std::string& value, int min, int max) {
    auto n = parse_int(value, min, max);
    if (!n) throw UsageError("--" + name + " wants a number from " + std::to_string(min) + " to " + std::to_string(max));
    return *n;
}

// Options whose value is accepted and dropped (libspf2 features mailsec leaves out).
bool ignored_option(const std::string& name) {
    return name == "rcpt-to" || name == "sanitize" || name == "trusted" || name == "override" || name == "fallback";
}

bool flag_option(const std::string& name) {
    return name == "debug" || name == "keep-comments" || name == "version" || name == "help" || name == "h";
}

void set_option(Args& a, const std::string& name, const std::string& value) {
    if (name == "ip") a.ip = value, a.have_ip = true;
    else if (name == "sender") a.sender = value, a.have_sender = true;
    else if (name == "helo") a.helo = value, a.have_helo = true;
    else if (name == "file") a.file = value, a.have_file = true;
    else if (name == "local") a.local = value;
    else if (name == "guess") a.guess = value;
    else if (name == "default-explanation") a.default_explanation = value;
    else if (name == "max-lookup") a.max_lookup = int_option(name, value, 1, 1000);
    else if (name == "name") a.name = value;
    else if (name == "server") a.servers.push_back(value);
    else if (name == "timeout") a.timeout_ms = int_option(name, value, 1, 600000);
    else if (name == "zone") a.zone = value;
    else if (name == "scenario") a.scenario = value;
    else if (ignored_option(name)) std::cerr << "spfquery: note: -" << name << " is not supported and was ignored\n";
    else throw UsageError("unknown option -" + name);
}

// GNU (--name=value, --name value) and libspf2 (-name=value, -name value) forms.
// `-debug` may carry a level (libspf2), which only switches tracing on.
Args parse_args(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.size() < 2 || arg[0] != '-') throw UsageError("unexpected argument '" + arg + "'");
        std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
        std::optional<std::string> value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        }
        if (flag_option(name)) {
            // libspf2's "-debug [level]": a level, if given, only switches tracing on.
            if (name == "debug" && !value && i + 1 < argc && parse_int(argv[i + 1], 0, 1000)) ++i;
            if (name == "debug") a.debug = true;
            else if (name == "keep-comments") a.keep_comments = true;
            else if (name == "version") a.version = true;
            else a.help = true;
            continue;
        }
        if (!value) {
            if (i + 1 >= argc) throw UsageError("option -" + name + " needs a value");
            value = argv[++i];
        }
        set_option(a, name, *value);
    }
    return a;
}

// --debug: every lookup and its answer on stderr.
class TracingResolver final : public dns::Resolver {
public:
    explicit TracingResolver(dns::Resolver& inner) : inner_(inner) {}
    using Resolver::lookup;
    dns::Answer lookup(std::string_view name, dns::RecordType type, dns::Deadline deadline) override {
        dns::Answer answer = inner_.lookup(name, type, deadline);
        std::cerr << "spfquery: dns: " << name << ' ' << type << " -> " << answer.status;
        if (!answer.diagnostic.empty()) std::cerr << " (" << answer.diagnostic << ')';
        std::cerr << '\n';
        for (const auto& line : dns::format_records(answer)) std::cerr << "spfquery: dns:   " << line << '\n';
        return answer;
    }

private:
    dns::Resolver& inner_;
};

struct Query {
    std::string ip, sender, helo;
};

// Prints the four lines; returns the exit status of this query.
int run_query(const spf::Checker& checker, const Args& args, const Query& q) {
    auto ip = spf::IpAddress::parse(q.ip);
    if (!ip) {
        std::cout << "Invalid IP address." << std::endl;
        return exit_usage;
    }
    std::string_view sender = q.sender == "<>" ? std::string_view() : std::string_view(q.sender);
    spf::Outcome o = sender.empty() ? checker.check_helo(*ip, q.helo) : checker.check_mailfrom(*ip, sender, q.helo);
    if (o.result == spf::Result::none && !args.guess.empty()) {
        std::string record = args.guess.starts_with("v=spf1") ? args.guess : "v=spf1 " + args.guess;
        o = checker.best_guess(*ip, o.identity == spf::Identity::helo ? std::string_view() : sender, q.helo, record);
    }
    bool quiet = o.result == spf::Result::pass || o.result == spf::Result::neutral || o.result == spf::Result::none;
    std::cout << spf::to_string(o.result) << '\n'
              << (quiet ? std::string() : o.explanation) << '\n'
              << o.receiver << ": " << spf::header_comment(o) << '\n'
              << "Received-SPF: " << spf::received_spf(o, {}) << std::endl;
    return exit_code(o.result);
}

// --file: "ip sender helo [rcpt]" per line.
int run_file(const spf::Checker& checker, const Args& args) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (args.file != "-" && args.file != "0") {
        file.open(args.file);
        if (!file) throw UsageError("cannot read " + args.file);
        in = &file;
    }
    int status = exit_code(spf::Result::none);
    std::string line;
    while (std::getline(*in, line)) {
        std::istringstream words(line);
        Query q;
        if (!(words >> q.ip)) continue;
        if (q.ip[0] == '#') {
            if (args.keep_comments) std::cout << line << '\n';
            continue;
        }
        words >> q.sender >> q.helo;
        status = run_query(checker, args, q);
    }
    return status;
}

std::unique_ptr<dns::Resolver> make_resolver(const Args& args) {
    if (!args.zone.empty()) {
        auto zone = mailsec::spf::suite::load_zone(args.zone, args.scenario);
        if (!zone) throw UsageError(zone.error().message);
        return std::make_unique<dns::ZoneResolver>(std::move(*zone));
    }
    if (!args.scenario.empty()) throw UsageError("--scenario needs --zone");
    dns::LdnsOptions options;
    options.nameservers = args.servers;
    if (args.timeout_ms) options.timeout = std::chrono::milliseconds{*args.timeout_ms};
    auto resolver = dns::LdnsResolver::create(options);
    if (!resolver) throw UsageError(resolver.error().message);
    return std::move(*resolver);
}

int run(const Args& args) {
    if (args.help) {
        std::cout << help_text;
        return 0;
    }
    if (args.version) {
        std::cout << "spfquery (mailsec) " << MAILSEC_VERSION << '\n';
        return 0;
    }
    if (args.have_file && (args.have_ip || args.have_sender || args.have_helo))
        throw UsageError("--file conflicts with --ip, --sender and --helo");
    if (!args.have_file && (!args.have_ip || (!args.have_sender && !args.have_helo)))
        throw UsageError("--ip and one of --sender or --helo are required (or --file)");

    std::unique_ptr<dns::Resolver> source = make_resolver(args);
    mailsec::core::SystemClock clock;
    // A cache only matters for --file (queries share lookups); the zone needs none.
    std::optional<dns::CachingResolver> cache;
    dns::Resolver* resolver = source.get();
    if (args.zone.empty()) resolver = &cache.emplace(*source, dns::CacheOptions{}, clock);
    std::optional<TracingResolver> tracer;
    if (args.debug) resolver = &tracer.emplace(*resolver);

    spf::Options options;
    options.receiver = args.name;
    options.local_policy = args.local;
    options.default_explanation = args.default_explanation;
    if (args.max_lookup) options.limits.dns_terms = *args.max_lookup;
    if (args.timeout_ms) options.limits.per_lookup = std::chrono::milliseconds{*args.timeout_ms};
    std::optional<spf::Checker> checker;
    try {
        checker.emplace(*resolver, options, clock);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--local: ") + e.what());
    }
    if (args.have_file) return run_file(*checker, args);
    return run_query(*checker, args, Query{args.ip, args.sender, args.helo});
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse_args(argc, argv));
    } catch (const UsageError& e) {
        std::cerr << "spfquery: " << e.what() << "\nTry 'spfquery --help'.\n";
        return exit_usage;
    }
}
