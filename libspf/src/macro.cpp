// Macro strings, RFC 7208 §7: grammar (§7.1), expansion and transformers (§7.3),
// URL escaping of uppercase macros (§7.3, RFC 3986 unreserved set).
#include "mailsec/spf/macro.hpp"

#include <algorithm>

#include "mailsec/core/ascii.hpp"

namespace mailsec::spf {
namespace {

core::Error syntax(std::string message) { return core::make_error("macro-syntax", std::move(message)); }

bool letter_allowed(char letter, MacroContext context) {
    constexpr std::string_view everywhere = "slodiphv";
    constexpr std::string_view explanation_only = "crt";  // RFC 7208 §7.2
    if (everywhere.find(letter) != std::string_view::npos) return true;
    return explanation_only.find(letter) != std::string_view::npos && context != MacroContext::domain_spec;
}

constexpr std::string_view delimiter_chars = ".-+,/_=";

// The part between "%{" and "}": letter, [digits], ["r"], *delimiter.
core::Result<Macro> parse_macro_body(std::string_view body, MacroContext context) {
    if (body.empty()) return syntax("empty macro");
    Macro m;
    m.letter = core::ascii_lower(body[0]);
    m.url_escape = body[0] >= 'A' && body[0] <= 'Z';
    if (!core::is_ascii_alpha(body[0]) || !letter_allowed(m.letter, context))
        return syntax("invalid macro letter '" + std::string(1, body[0]) + "'");
    std::size_t i = 1;
    if (i < body.size() && core::is_ascii_digit(body[i])) {
        long value = 0;
        for (; i < body.size() && core::is_ascii_digit(body[i]); ++i)
            value = std::min(value * 10 + (body[i] - '0'), 1000L);  // more parts than any name has
        if (value == 0) return syntax("macro keeps zero parts");
        m.keep = static_cast<int>(value);
    }
    if (i < body.size() && (body[i] == 'r' || body[i] == 'R')) {
        m.reverse = true;
        ++i;
    }
    for (; i < body.size(); ++i) {
        if (delimiter_chars.find(body[i]) == std::string_view::npos)
            return syntax("invalid macro delimiter '" + std::string(1, body[i]) + "'");
        m.delimiters += body[i];
    }
    return m;
}

bool literal_allowed(char c, MacroContext context) {
    // macro-literal = %x21-24 / %x26-7E; explain-string adds SP (RFC 7208 §6.2, §7.1).
    if (c == ' ') return context == MacroContext::explanation;
    return c >= 0x21 && c <= 0x7e && c != '%';
}

void append_literal(MacroString& out, std::string_view text) {
    if (!out.tokens.empty())
        if (auto* s = std::get_if<std::string>(&out.tokens.back())) {
            s->append(text);
            return;
        }
    out.tokens.emplace_back(std::string(text));
}

std::string transform(std::string_view value, const Macro& m) {
    if (m.keep == 0 && !m.reverse && m.delimiters.empty()) return std::string(value);
    std::string_view delims = m.delimiters.empty() ? std::string_view(".") : std::string_view(m.delimiters);
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i) {
        if (i == value.size() || delims.find(value[i]) != std::string_view::npos) {
            parts.push_back(value.substr(start, i - start));
            start = i + 1;
        }
    }
    if (m.reverse) std::reverse(parts.begin(), parts.end());
    std::size_t first = 0;
    if (m.keep > 0 && static_cast<std::size_t>(m.keep) < parts.size()) first = parts.size() - static_cast<std::size_t>(m.keep);
    std::string out;
    for (std::size_t i = first; i < parts.size(); ++i) {
        if (i > first) out += '.';
        out.append(parts[i]);
    }
    return out;
}

std::string url_escape(std::string_view value) {
    constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : value) {
        if (core::is_ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            auto b = static_cast<unsigned char>(c);
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 0xf];
        }
    }
    return out;
}

core::Result<std::string> macro_value(const Macro& m, const MacroValues& v) {
    switch (m.letter) {
        case 's': return std::string(v.sender);
        case 'l': return std::string(v.local_part);
        case 'o': return std::string(v.sender_domain);
        case 'd': return std::string(v.domain);
        case 'h': return std::string(v.helo);
        case 'r': return std::string(v.receiver);
        case 'i': return v.client.macro_i();
        case 'c': return v.client.to_string();
        case 'v': return std::string(v.client.is_v4() ? "in-addr" : "ip6");
        case 't': return std::to_string(v.now);
        case 'p': return v.validated_name ? v.validated_name() : core::Result<std::string>(std::string("unknown"));
        default: return syntax("invalid macro letter");
    }
}

// Index just past the last macro-expand of an already validated macro string.
std::size_t literal_tail_start(std::string_view text) {
    std::size_t tail = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] != '%') {
            ++i;
        } else {
            i = text[i + 1] == '{' ? text.find('}', i) + 1 : i + 2;
            tail = i;
        }
    }
    return tail;
}

}  // namespace

bool MacroString::has_macros() const {
    return std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return std::holds_alternative<Macro>(t); });
}

core::Result<MacroString> parse_macro_string(std::string_view text, MacroContext context) {
    MacroString out;
    out.text = std::string(text);
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c != '%') {
            // A run of literal bytes is appended at once (records are parsed on every check).
            std::size_t end = i;
            for (; end < text.size() && text[end] != '%'; ++end)
                if (!literal_allowed(text[end], context)) return syntax("invalid character in macro string");
            append_literal(out, text.substr(i, end - i));
            out.ends_in_expand = false;
            i = end;
            continue;
        }
        if (i + 1 >= text.size()) return syntax("'%' at end of macro string");
        char next = text[i + 1];
        if (next == '%' || next == '_' || next == '-') {  // RFC 7208 §7.1 escapes
            append_literal(out, next == '%' ? "%" : next == '_' ? " " : "%20");
            i += 2;
        } else if (next == '{') {
            auto close = text.find('}', i + 2);
            if (close == std::string_view::npos) return syntax("unterminated macro");
            auto macro = parse_macro_body(text.substr(i + 2, close - i - 2), context);
            if (!macro) return macro.error();
            out.tokens.emplace_back(std::move(*macro));
            i = close + 1;
        } else {
            return syntax("invalid character after '%'");
        }
        out.ends_in_expand = true;
    }
    return out;
}

bool is_toplabel(std::string_view label) {
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    bool alpha = false, dash = false;
    for (char c : label) {
        if (c == '-') dash = true;
        else if (core::is_ascii_alpha(c)) alpha = true;
        else if (!core::is_ascii_digit(c)) return false;
    }
    return alpha || dash;
}

core::Result<MacroString> parse_domain_spec(std::string_view text) {
    if (text.empty()) return syntax("empty domain-spec");
    auto spec = parse_macro_string(text, MacroContext::domain_spec);
    if (!spec || spec->ends_in_expand) return spec;
    // domain-end = ( "." toplabel [ "." ] ) / macro-expand (RFC 7208 §7.1), checked on
    // the literal tail after the last macro-expand (the tail holds no '%').
    std::string_view tail = text.substr(literal_tail_start(text));
    if (!tail.empty() && tail.back() == '.') tail.remove_suffix(1);
    auto dot = tail.rfind('.');
    if (dot == std::string_view::npos || !is_toplabel(tail.substr(dot + 1)))
        return syntax("domain-spec does not end in a valid top label");
    return spec;
}

core::Result<std::string> expand(const MacroString& macro, const MacroValues& values) {
    std::string out;
    for (const auto& token : macro.tokens) {
        if (const auto* literal = std::get_if<std::string>(&token)) {
            out += *literal;
        } else {
            const auto& m = std::get<Macro>(token);
            auto value = macro_value(m, values);
            if (!value) return value.error();
            std::string part = transform(*value, m);
            out += m.url_escape ? url_escape(part) : part;
        }
        if (out.size() > max_expansion) return core::make_error("macro-too-long", "macro expansion too long");
    }
    return out;
}

core::Result<std::string> expand_domain_spec(const MacroString& spec, const MacroValues& values) {
    auto name = expand(spec, values);
    if (!name) return name;
    std::string& s = *name;
    if (!s.empty() && s.back() == '.') s.pop_back();
    // RFC 7208 §7.3: truncate from the left, whole labels, until <= 253 octets.
    while (s.size() > 253) {
        auto dot = s.find('.');
        if (dot == std::string::npos) break;
        s.erase(0, dot + 1);
    }
    return name;
}

}  // namespace mailsec::spf
