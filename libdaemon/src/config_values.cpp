// Parsing and printing of one typed configuration value (config.hpp KeyType).
#include <charconv>
#include <cstdio>

#include "mailsec/core/ascii.hpp"
#include "mailsec/daemon/config.hpp"

namespace mailsec::daemon {
namespace {

using core::iequals;
using core::make_error;
using core::trim;

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Digits in `base` only (no sign, no whitespace); nullopt on junk or overflow.
std::optional<std::int64_t> parse_digits(std::string_view s, int base) {
    if (s.empty()) return std::nullopt;
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc{} || end != s.data() + s.size() || v < 0) return std::nullopt;
    return v;
}

std::optional<std::int64_t> parse_signed(std::string_view s) {
    bool negative = !s.empty() && s.front() == '-';
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
    auto v = parse_digits(s, 10);
    if (!v) return std::nullopt;
    return negative ? -*v : *v;
}

core::Result<Value> check_range(const KeySpec& spec, std::int64_t v, std::string_view unit) {
    if (v < spec.min || v > spec.max) {
        std::string range = (spec.min == std::numeric_limits<std::int64_t>::min() ? "" : std::to_string(spec.min)) +
                            ".." +
                            (spec.max == std::numeric_limits<std::int64_t>::max() ? "" : std::to_string(spec.max));
        return make_error("out-of-range", std::to_string(v) + std::string(unit) + " is out of range " + range);
    }
    return Value{v};
}

core::Result<Value> parse_integer(const KeySpec& spec, std::string_view s) {
    auto v = parse_signed(s);
    if (!v) return make_error("bad-value", "want an integer, got " + quoted(s));
    return check_range(spec, *v, "");
}

core::Result<Value> parse_boolean(std::string_view s) {
    for (const auto* t : {"1", "yes", "true", "on"})
        if (iequals(s, t)) return Value{true};
    for (const auto* f : {"0", "no", "false", "off"})
        if (iequals(s, f)) return Value{false};
    return make_error("bad-value", "want a boolean (yes/no, true/false, on/off, 1/0), got " + quoted(s));
}

std::optional<std::int64_t> unit_seconds(char unit) {
    switch (core::ascii_lower(unit)) {
        case 's': return 1;
        case 'm': return 60;
        case 'h': return 3600;
        case 'd': return 86400;
        case 'w': return 7 * 86400;
        default: return std::nullopt;
    }
}

core::Result<Value> parse_duration(const KeySpec& spec, std::string_view s) {
    std::int64_t scale = 1;
    std::string_view digits = s;
    if (!s.empty() && !core::is_ascii_digit(s.back())) {
        auto u = unit_seconds(s.back());
        if (!u)
            return make_error("bad-value", "want a duration (seconds, or a number with s/m/h/d/w), got " + quoted(s));
        scale = *u;
        digits = s.substr(0, s.size() - 1);
    }
    auto n = parse_digits(digits, 10);
    if (!n || *n > std::numeric_limits<std::int64_t>::max() / scale)
        return make_error("bad-value", "want a duration (seconds, or a number with s/m/h/d/w), got " + quoted(s));
    auto r = check_range(spec, *n * scale, "s");
    if (!r) return r;
    return Value{std::chrono::seconds{*n * scale}};
}

// milter.md §3.6: "0177" (leading 0 = octal, as Python 2 int(x, 0)), "0o177", "0x7f", "127".
core::Result<Value> parse_mode(const KeySpec& spec, std::string_view s) {
    int base = 10;
    std::size_t prefix = 0;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
        base = 8;
        prefix = 2;
    } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        prefix = 2;
    } else if (s.size() > 1 && s[0] == '0') {
        base = 8;
        prefix = 1;
    }
    const auto v = parse_digits(s.substr(prefix), base);
    if (!v) return make_error("bad-value", "want a mode (0660, 0o660, 0x1b0 or decimal), got " + quoted(s));
    if (*v > 07777) return make_error("out-of-range", "mode " + std::string(s) + " is above 07777");
    auto r = check_range(spec, *v, "");
    if (!r) return r;
    return Value{static_cast<mode_t>(*v)};
}

Value parse_list(std::string_view s) {
    std::vector<std::string> items;
    while (!s.empty()) {
        auto cut = s.find_first_of(",\n");
        auto item = trim(s.substr(0, cut));
        if (!item.empty()) items.emplace_back(item);
        s = cut == std::string_view::npos ? std::string_view{} : s.substr(cut + 1);
    }
    return Value{std::move(items)};
}

core::Result<Value> parse_enumeration(const KeySpec& spec, std::string_view s) {
    for (const auto& choice : spec.choices)
        if (iequals(s, choice)) return Value{choice};
    std::string all;
    for (const auto& c : spec.choices) all += (all.empty() ? "" : ", ") + c;
    return make_error("bad-value", "want one of " + all + "; got " + quoted(s));
}

}  // namespace

std::string_view key_type_name(KeyType type) {
    switch (type) {
        case KeyType::string: return "string";
        case KeyType::integer: return "integer";
        case KeyType::boolean: return "boolean";
        case KeyType::duration: return "duration";
        case KeyType::mode: return "mode";
        case KeyType::list: return "list";
        case KeyType::path: return "path";
        case KeyType::enumeration: return "enum";
    }
    return "?";
}

core::Result<Value> parse_value(const KeySpec& spec, std::string_view text) {
    std::string_view s = trim(text);
    switch (spec.type) {
        case KeyType::string: return Value{std::string(text)};
        case KeyType::path: return s.empty() ? Value{} : Value{std::string(s)};
        case KeyType::integer: return parse_integer(spec, s);
        case KeyType::boolean: return parse_boolean(s);
        case KeyType::duration: return parse_duration(spec, s);
        case KeyType::mode: return parse_mode(spec, s);
        case KeyType::list: return parse_list(s);
        case KeyType::enumeration: return parse_enumeration(spec, s);
    }
    return make_error("bad-value", "unknown key type");
}

std::string format_value(const KeySpec& spec, const Value& value) {
    (void)spec;
    struct Visitor {
        std::string operator()(std::monostate /*unset*/) const { return ""; }
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(std::int64_t v) const { return std::to_string(v); }
        std::string operator()(bool b) const { return b ? "yes" : "no"; }
        std::string operator()(std::chrono::seconds d) const { return std::to_string(d.count()); }
        std::string operator()(mode_t m) const {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(m));
            return buf;
        }
        std::string operator()(const std::vector<std::string>& items) const {
            std::string out;
            for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
            return out;
        }
    };
    return std::visit(Visitor{}, value);
}

}  // namespace mailsec::daemon
