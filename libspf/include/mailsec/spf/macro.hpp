// SPF macro strings (RFC 7208 §7): parsed once when a record is checked for syntax,
// expanded lazily when a term is evaluated.
//
//   auto spec = spf::parse_domain_spec("%{ir}.%{v}._spf.%{d}");   // syntax only
//   spf::MacroValues v{.sender = "strong-bad@email.example.com", .local_part = "strong-bad",
//                      .sender_domain = "email.example.com", .domain = "email.example.com",
//                      .client = *spf::IpAddress::parse("192.0.2.3")};
//   auto name = spf::expand_domain_spec(*spec, v);  // "3.2.0.192.in-addr._spf.email.example.com"
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mailsec/core/result.hpp"
#include "mailsec/spf/ip_address.hpp"

namespace mailsec::spf {

// Where a macro string appears; decides the allowed letters and whether SP is text.
enum class MacroContext {
    domain_spec,  // s l o d i p h v (RFC 7208 §7.1: c r t only in explanations)
    explanation,  // every letter, and SP (explain-string, §6.2)
    modifier,     // an unknown modifier's value: every letter, no SP
};

// One %{...} macro-expand.
struct Macro {
    char letter = 's';           // lowercase macro-letter
    bool url_escape = false;     // letter was uppercase (§7.3: URL-escape the value)
    int keep = 0;                // rightmost parts kept; 0 = all
    bool reverse = false;        // "r" transformer
    std::string delimiters;      // empty: no splitting unless keep/reverse ask for it ('.')
};

struct MacroString {
    using Token = std::variant<std::string, Macro>;  // literal text (escapes resolved) or a macro
    std::string text;                  // as written
    std::vector<Token> tokens;
    bool ends_in_expand = false;       // last item is a macro-expand (incl. %% %_ %-)
    bool has_macros() const;
};

// Syntax errors have code "macro-syntax" and a message naming the problem.
core::Result<MacroString> parse_macro_string(std::string_view text, MacroContext context);
// A domain-spec (§7.1): a non-empty macro string in domain_spec context that ends in a
// macro-expand or in "." toplabel ["."] (checked on the unexpanded text).
core::Result<MacroString> parse_domain_spec(std::string_view text);

// True for a toplabel (§7.1): ALNUM* ALPHA ALNUM*, or ALNUM+ "-" *(ALNUM / "-") ALNUM.
bool is_toplabel(std::string_view label);

struct MacroValues {
    std::string_view sender;         // s
    std::string_view local_part;     // l
    std::string_view sender_domain;  // o
    std::string_view domain;         // d
    std::string_view helo;           // h
    std::string_view receiver;       // r
    IpAddress client;                // i c v
    std::int64_t now = 0;            // t (Unix seconds)
    // p: the validated client name (§7.3); called only when %{p} is reached. An error
    // aborts the expansion (e.g. the DNS term limit was spent by its PTR query).
    std::function<core::Result<std::string>()> validated_name;
};

// Expanded output is capped (max_expansion) so a hostile record cannot make a check
// allocate without bound; over the cap is an error "macro-too-long".
inline constexpr std::size_t max_expansion = 16384;

core::Result<std::string> expand(const MacroString& macro, const MacroValues& values);
// expand(), then §7.3: drop one trailing ".", and while longer than 253 octets drop
// the leftmost label.
core::Result<std::string> expand_domain_spec(const MacroString& spec, const MacroValues& values);

}  // namespace mailsec::spf
