// SPF record syntax (RFC 7208 §4.5, §4.6, §5, §6, §12): the whole record is parsed
// and validated before any term is evaluated, so a syntax error anywhere is a
// permerror even after a term that would have matched (spf.md §3 "Record syntax").
//
//   auto parsed = spf::parse_record("v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all");
//   if (!parsed) log("permerror", parsed.error->reason, parsed.error->term);
//   for (const auto& d : parsed.record.directives) ...
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/spf/ip_address.hpp"
#include "mailsec/spf/macro.hpp"
#include "mailsec/spf/result.hpp"

namespace mailsec::spf {

enum class Qualifier : char { pass = '+', fail = '-', softfail = '~', neutral = '?' };
Result result_of(Qualifier qualifier);

enum class Mechanism { all, include, a, mx, ptr, ip4, ip6, exists };
std::string_view to_string(Mechanism mechanism);

struct Directive {
    Qualifier qualifier = Qualifier::pass;
    bool explicit_qualifier = false;
    Mechanism mechanism = Mechanism::all;
    std::string text;                   // the term as written ("-ip4:192.0.2.0/24")
    std::optional<MacroString> domain;  // include a mx ptr exists; nullopt = <domain>
    int cidr4 = 32;                     // a mx ip4
    int cidr6 = 128;                    // a mx ip6
    IpAddress network;                  // ip4 ip6
};

struct Record {
    std::vector<Directive> directives;  // in order; first match wins (§4.6.2)
    std::optional<MacroString> redirect;
    std::optional<MacroString> exp;
};

struct SyntaxError {
    std::string reason;  // "Unknown mechanism found"
    std::string term;    // the offending term as written
};

struct ParsedRecord {
    Record record;
    std::optional<SyntaxError> error;
    explicit operator bool() const { return !error; }
};

// True if the TXT string is an SPF record: "v=spf1" alone or followed by SP,
// case-insensitively (§4.5).
bool is_spf_record(std::string_view txt);

// A whole record, "v=spf1 ..." (also checks: no byte >= 0x80, §4.6.1 / §3).
ParsedRecord parse_record(std::string_view text);
// Terms only, without the version (local policy text, spf.md §5).
ParsedRecord parse_terms(std::string_view text);

}  // namespace mailsec::spf
