// Record syntax, RFC 7208 §4.5 (selection), §4.6.1 (terms), §6 (modifiers), §12.
#include "mailsec/spf/record.hpp"

#include "directive.hpp"
#include "mailsec/core/ascii.hpp"

namespace mailsec::spf {
namespace {

// modifier = name "=" macro-string, name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ).
// Anything else is parsed as a directive (spf.md §3).
bool is_modifier(std::string_view term) {
    if (term.empty() || !core::is_ascii_alpha(term[0])) return false;
    for (std::size_t i = 1; i < term.size(); ++i) {
        char c = term[i];
        if (c == '=') return true;
        if (!core::is_ascii_alnum(c) && c != '-' && c != '_' && c != '.') return false;
    }
    return false;
}

std::optional<SyntaxError> parse_modifier(std::string_view term, Record& record) {
    auto eq = term.find('=');
    std::string_view name = term.substr(0, eq), value = term.substr(eq + 1);
    // Modifier names are case-insensitive (spf.md §8 #2); each at most once (§6).
    bool redirect = core::iequals(name, "redirect"), exp = core::iequals(name, "exp");
    if (redirect || exp) {
        auto& slot = redirect ? record.redirect : record.exp;
        if (slot) return SyntaxError{redirect ? "Duplicate redirect modifier" : "Duplicate exp modifier", std::string(term)};
        auto spec = parse_domain_spec(value);
        if (!spec) return SyntaxError{"Invalid domain found", std::string(term)};
        slot = std::move(*spec);
        return std::nullopt;
    }
    // Unknown modifiers are ignored, but must still be valid macro strings (§6, §12).
    if (!parse_macro_string(value, MacroContext::modifier))
        return SyntaxError{"Invalid modifier value", std::string(term)};
    return std::nullopt;
}

}  // namespace

Result result_of(Qualifier qualifier) {
    switch (qualifier) {
        case Qualifier::pass: return Result::pass;
        case Qualifier::fail: return Result::fail;
        case Qualifier::softfail: return Result::softfail;
        case Qualifier::neutral: return Result::neutral;
    }
    return Result::neutral;
}

std::string_view to_string(Mechanism mechanism) {
    switch (mechanism) {
        case Mechanism::all: return "all";
        case Mechanism::include: return "include";
        case Mechanism::a: return "a";
        case Mechanism::mx: return "mx";
        case Mechanism::ptr: return "ptr";
        case Mechanism::ip4: return "ip4";
        case Mechanism::ip6: return "ip6";
        case Mechanism::exists: return "exists";
    }
    return "?";
}

bool is_spf_record(std::string_view txt) {
    constexpr std::string_view version = "v=spf1";
    return core::istarts_with(txt, version) && (txt.size() == version.size() || txt[version.size()] == ' ');
}

ParsedRecord parse_terms(std::string_view text) {
    ParsedRecord out;
    // Records are parsed on every check: size the directive list once.
    std::size_t spaces = 0;
    for (char c : text) spaces += c == ' ';
    out.record.directives.reserve(spaces + 1);
    // Terms are separated by one or more SP only (§4.6.1); any other byte stays in its term.
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find(' ', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view term = text.substr(pos, end - pos);
        pos = end + 1;
        if (term.empty()) continue;
        if (is_modifier(term)) {
            out.error = parse_modifier(term, out.record);
        } else {
            Directive d;
            out.error = detail::parse_directive(term, d);
            if (!out.error) out.record.directives.push_back(std::move(d));
        }
        if (out.error) return out;
    }
    return out;
}

ParsedRecord parse_record(std::string_view text) {
    if (!is_spf_record(text)) {
        ParsedRecord out;
        out.error = SyntaxError{"Not an SPF record", std::string(text.substr(0, 64))};
        return out;
    }
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {  // spf.md §3: non-ASCII record
            ParsedRecord out;
            out.error = SyntaxError{"Non-ASCII characters found", std::string(text)};
            return out;
        }
    }
    return parse_terms(text.substr(6));
}

}  // namespace mailsec::spf
