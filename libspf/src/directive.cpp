// Directive grammar, RFC 7208 §4.6.1 and §5.1-5.7: qualifier, mechanism name
// (case-insensitive, ends at the first ':' or '/'), domain-spec, dual CIDR.
#include "directive.hpp"

#include "mailsec/core/ascii.hpp"

namespace mailsec::spf::detail {
namespace {

constexpr std::string_view reason_unknown = "Unknown mechanism found";
constexpr std::string_view reason_domain = "Invalid domain found";
constexpr std::string_view reason_cidr = "Invalid CIDR length";

std::optional<Mechanism> mechanism_named(std::string_view name) {
    if (name.empty()) return std::nullopt;
    // Names are case-insensitive (§4.6.1); the first letter picks the candidate.
    Mechanism m;
    switch (core::ascii_lower(name[0])) {
        case 'a': m = name.size() == 1 ? Mechanism::a : Mechanism::all; break;
        case 'i':
            m = name.size() == 7 ? Mechanism::include
                : name.size() == 3 && name[2] == '4' ? Mechanism::ip4
                                                     : Mechanism::ip6;
            break;
        case 'm': m = Mechanism::mx; break;
        case 'p': m = Mechanism::ptr; break;
        case 'e': m = Mechanism::exists; break;
        default: return std::nullopt;
    }
    if (!core::iequals(name, to_string(m))) return std::nullopt;
    return m;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!core::is_ascii_digit(c)) return false;
    return true;
}

// ip4-cidr-length / ip6-cidr-length: "0" / %x31-39 0*DIGIT (no leading zeros), <= max.
std::optional<int> parse_cidr(std::string_view digits, int max) {
    if (!all_digits(digits) || (digits.size() > 1 && digits[0] == '0') || digits.size() > 3) return std::nullopt;
    int value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    if (value > max) return std::nullopt;
    return value;
}

// Strips dual-cidr-length (§5.6) from the end of an a/mx term: "//n6", then "/n4".
// Returns false for a CIDR-shaped suffix with a bad length.
bool strip_dual_cidr(std::string_view& body, Directive& out) {
    auto slash = body.rfind('/');
    if (slash == std::string_view::npos || !all_digits(body.substr(slash + 1))) return true;
    if (slash > 0 && body[slash - 1] == '/') {
        auto n6 = parse_cidr(body.substr(slash + 1), 128);
        if (!n6) return false;
        out.cidr6 = *n6;
        body = body.substr(0, slash - 1);
        slash = body.rfind('/');
        if (slash == std::string_view::npos || !all_digits(body.substr(slash + 1))) return true;
    }
    auto n4 = parse_cidr(body.substr(slash + 1), 32);
    if (!n4) return false;
    out.cidr4 = *n4;
    body = body.substr(0, slash);
    return true;
}

std::optional<SyntaxError> error(std::string_view reason, std::string_view term) {
    return SyntaxError{std::string(reason), std::string(term)};
}

// ip4:<net>[/n4] and ip6:<net>[/n6] (§5.6).
std::optional<SyntaxError> parse_ip_network(std::string_view arg, Directive& out, std::string_view term) {
    bool v4 = out.mechanism == Mechanism::ip4;
    auto slash = arg.find('/');
    std::string_view net = arg.substr(0, slash);
    if (slash != std::string_view::npos) {
        auto len = parse_cidr(arg.substr(slash + 1), v4 ? 32 : 128);
        if (!len) return error(reason_cidr, term);
        (v4 ? out.cidr4 : out.cidr6) = *len;
    }
    if (v4) {
        auto quad = parse_ipv4(net);
        if (!quad) return error("Invalid IP4 address", term);
        out.network = IpAddress::v4(*quad);
    } else {
        auto bytes = parse_ipv6(net);
        if (!bytes) return error("Invalid IP6 address", term);
        out.network = IpAddress::v6_unmapped(*bytes);
    }
    return std::nullopt;
}

}  // namespace

std::optional<SyntaxError> parse_directive(std::string_view term, Directive& out) {
    out.text = std::string(term);
    std::string_view body = term;
    if (!body.empty() && std::string_view("+-~?").find(body[0]) != std::string_view::npos) {
        out.qualifier = static_cast<Qualifier>(body[0]);
        out.explicit_qualifier = true;
        body.remove_prefix(1);
    }
    auto name_end = body.find_first_of(":/");
    auto mechanism = mechanism_named(body.substr(0, name_end));
    if (!mechanism) return error(reason_unknown, term);
    out.mechanism = *mechanism;
    if (out.mechanism == Mechanism::a || out.mechanism == Mechanism::mx) {
        if (!strip_dual_cidr(body, out)) return error(reason_cidr, term);
        name_end = body.find_first_of(":/");
    }
    std::string_view rest = name_end == std::string_view::npos ? std::string_view() : body.substr(name_end);
    bool needs_arg = out.mechanism == Mechanism::include || out.mechanism == Mechanism::exists ||
                     out.mechanism == Mechanism::ip4 || out.mechanism == Mechanism::ip6;
    if (rest.empty()) {
        if (needs_arg) return error("Missing argument", term);
        return std::nullopt;  // all, a, mx, ptr with <domain>
    }
    if (rest[0] != ':' || out.mechanism == Mechanism::all) return error(reason_unknown, term);
    std::string_view arg = rest.substr(1);
    if (out.mechanism == Mechanism::ip4 || out.mechanism == Mechanism::ip6) return parse_ip_network(arg, out, term);
    auto spec = parse_domain_spec(arg);
    if (!spec) return error(reason_domain, term);
    out.domain = std::move(*spec);
    return std::nullopt;
}

}  // namespace mailsec::spf::detail
