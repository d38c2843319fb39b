// dnsquery: one lookup through dns::LdnsResolver, printed for scripts and tests.
// All logic lives in libdns; this file only parses arguments and prints.
#include <charconv>
#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/dns/ldns_resolver.hpp"

namespace {

namespace dns = mailsec::dns;

constexpr int exit_records = 0;
constexpr int exit_negative = 1;
constexpr int exit_tempfail = 2;
constexpr int exit_invalid_name = 3;
constexpr int exit_usage = 64;  // EX_USAGE

constexpr std::string_view help_text = R"(NAME
    dnsquery - look up one DNS name the way mailsec does

SYNOPSIS
    dnsquery [OPTIONS] NAME TYPE

DESCRIPTION
    Sends one query through mailsec's resolver (ldns; EDNS0 with a UDP size of
    1232, TCP retry of truncated answers, CNAMEs followed) and prints the result
    class on the first line of standard output:

        records        the name has records of TYPE (printed below, one per line)
        nodata         the name exists but has no records of TYPE
        nxdomain       the name (the end of its CNAME chain) does not exist
        tempfail       timeout, SERVFAIL, REFUSED, network error, bad reply, CNAME loop
        invalid-name   empty label, label over 63 octets, name over 253 octets;
                       no query is sent

    Records follow, one per line: A and AAAA as addresses, MX as
    "PREFERENCE EXCHANGE", PTR as a name, TXT and SPF as the RR's quoted
    character-strings separated by spaces ("v=spf1 " "-all"), with \" \\ and
    \DDD escapes. For tempfail and invalid-name the reason goes to standard
    error as "dnsquery: CLASS: REASON".

    TYPE is one of A, AAAA, MX, PTR, TXT, SPF (or TYPE99), case-insensitive.
    NAME is absolute; a trailing dot is optional.

OPTIONS
    --server HOST[:PORT]
        Ask this server (numeric IPv4 or IPv6; IPv6 with a port as
        [ADDR]:PORT). Repeat for more servers, tried in order; all must use
        the same port. Default: the nameservers of the resolv.conf file.
    --resolv-conf FILE
        Read servers from FILE instead of /etc/resolv.conf (port 53).
    --timeout MS
        Wait at most MS milliseconds per try and server (default 5000).
    --retries N
        Tries per server, 1-255 (default 2).
    --deadline MS
        Give up after MS milliseconds in all, CNAME follow-ups and the TCP
        retry included (default 20000, the RFC 7208 section 4.6.4 budget).
    --edns-size N
        EDNS0 UDP payload size (default 1232); 0 sends no OPT record.
    --no-tcp-fallback
        Do not retry a truncated UDP answer over TCP (it becomes tempfail).
    --verbose
        Also print the CNAME chain ("cname: TARGET") and the TTL ("ttl: N")
        on standard error.
    -h, --help
        Print this help and exit 0.

EXIT STATUS
    0   records
    1   nodata or nxdomain
    2   tempfail
    3   invalid-name
    64  usage or configuration error (bad option, unknown TYPE, bad server
        list, unreadable resolv.conf)

EXAMPLES
    dnsquery example.com TXT
    dnsquery --server 127.0.0.1:5353 --timeout 1000 mail.example.com MX
    dnsquery --server [::1]:5353 1.2.0.192.in-addr.arpa PTR
)";

int usage(std::string_view message) {
    std::cerr << "dnsquery: " << message << "\nTry 'dnsquery --help'.\n";
    return exit_usage;
}

std::optional<long> parse_number(std::string_view text, long min, long max) {
    long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min || value > max)
        return std::nullopt;
    return value;
}

int exit_code(dns::Status status) {
    switch (status) {
        case dns::Status::records: return exit_records;
        case dns::Status::nodata:
        case dns::Status::nxdomain: return exit_negative;
        case dns::Status::tempfail: return exit_tempfail;
        case dns::Status::invalid_name: return exit_invalid_name;
    }
    return exit_tempfail;
}

}  // namespace

int main(int argc, char** argv) {
    dns::LdnsOptions options;
    std::chrono::milliseconds deadline{20000};
    bool verbose = false;
    std::vector<std::string_view> positional;

    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::optional<std::string_view> inline_value;
        if (arg.starts_with("--") && arg.find('=') != std::string_view::npos) {
            inline_value = arg.substr(arg.find('=') + 1);
            arg = arg.substr(0, arg.find('='));
        }
        auto value = [&]() -> std::optional<std::string_view> {
            if (inline_value) return inline_value;
            if (i + 1 < argc) return std::string_view(argv[++i]);
            return std::nullopt;
        };
        auto number = [&](long min, long max) -> std::optional<long> {
            auto v = value();
            return v ? parse_number(*v, min, max) : std::nullopt;
        };
        if (arg == "-h" || arg == "--help") {
            std::cout << help_text;
            return 0;
        } else if (arg == "--server") {
            auto v = value();
            if (!v) return usage("--server needs HOST[:PORT]");
            options.nameservers.emplace_back(*v);
        } else if (arg == "--resolv-conf") {
            auto v = value();
            if (!v) return usage("--resolv-conf needs a file");
            options.resolv_conf = std::string(*v);
        } else if (arg == "--timeout") {
            auto v = number(1, 3'600'000);
            if (!v) return usage("--timeout needs milliseconds (1-3600000)");
            options.timeout = std::chrono::milliseconds{*v};
        } else if (arg == "--retries") {
            auto v = number(1, 255);
            if (!v) return usage("--retries needs a number (1-255)");
            options.retries = static_cast<int>(*v);
        } else if (arg == "--deadline") {
            auto v = number(1, 3'600'000);
            if (!v) return usage("--deadline needs milliseconds (1-3600000)");
            deadline = std::chrono::milliseconds{*v};
        } else if (arg == "--edns-size") {
            auto v = number(0, 65535);
            if (!v) return usage("--edns-size needs a number (0-65535)");
            options.edns_udp_size = static_cast<std::uint16_t>(*v);
        } else if (arg == "--no-tcp-fallback" && !inline_value) {
            options.tcp_fallback = false;
        } else if (arg == "--verbose" && !inline_value) {
            verbose = true;
        } else if (arg == "--") {
            for (++i; i < argc; ++i) positional.emplace_back(argv[i]);
        } else if (arg.size() > 1 && arg.front() == '-') {
            return usage("unknown option " + std::string(argv[i]));
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() != 2) return usage("expected NAME and TYPE");
    auto type = dns::parse_record_type(positional[1]);
    if (!type || *type == dns::RecordType::CNAME)
        return usage("unknown TYPE " + std::string(positional[1]) + " (A, AAAA, MX, PTR, TXT, SPF)");

    auto resolver = dns::LdnsResolver::create(options);
    if (!resolver) return usage(resolver.error().message);

    dns::Answer answer = (*resolver)->lookup(positional[0], *type, deadline);
    std::cout << dns::to_string(answer.status) << '\n';
    for (const auto& line : dns::format_records(answer)) std::cout << line << '\n';
    std::cout.flush();
    if (!answer.diagnostic.empty())
        std::cerr << "dnsquery: " << dns::to_string(answer.status) << ": " << answer.diagnostic << '\n';
    if (verbose) {
        for (const auto& target : answer.cname_chain) std::cerr << "cname: " << target << '\n';
        if (answer.ttl) std::cerr << "ttl: " << *answer.ttl << '\n';
    }
    return exit_code(answer.status);
}
