// parse_zone_text: the zone-file-like format of zone_resolver.hpp, one RR per line.
// The text is untrusted (spfquery --zone, fuzzing): every length is bounded and
// every failure is an error value naming the line.
#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <utility>

#include "mailsec/core/ascii.hpp"
#include "mailsec/dns/zone_resolver.hpp"

namespace mailsec::dns {

namespace {

constexpr std::size_t max_input = std::size_t{16} << 20;
constexpr std::size_t max_string = 255;        // a character-string's length octet (RFC 1035 §3.3)
constexpr std::size_t max_rdata = 65535;       // RDLENGTH is 16 bits (RFC 1035 §3.2.1)
constexpr std::uint64_t max_ttl = 2147483647;  // RFC 2181 §8

struct Token {
    std::string text;
    bool quoted = false;
};
using Tokens = std::vector<Token>;

core::Error syntax(std::string message) { return core::make_error("zone-syntax", std::move(message)); }

// Quotes a token for an error message: bounded, printable.
std::string shown(std::string_view text) {
    std::string out = "'";
    for (char c : text.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    if (text.size() > 40) out += "...";
    return out + "'";
}

// One escape after a backslash (RFC 1035 §5.1): \DDD is a byte in decimal, \X is X.
core::Result<char> unescape(std::string_view line, std::size_t& pos) {
    if (pos >= line.size()) return syntax("backslash at end of line");
    if (!core::is_ascii_digit(line[pos])) return line[pos++];
    if (pos + 3 > line.size() || !core::is_ascii_digit(line[pos + 1]) || !core::is_ascii_digit(line[pos + 2]))
        return syntax("\\DDD escape needs three digits");
    int value = (line[pos] - '0') * 100 + (line[pos + 1] - '0') * 10 + (line[pos + 2] - '0');
    if (value > 255) return syntax("\\DDD escape above 255");
    pos += 3;
    return static_cast<char>(value);
}

// A quoted character-string; `pos` is just past the opening quote.
core::Result<Token> quoted_token(std::string_view line, std::size_t& pos) {
    Token token{"", true};
    while (pos < line.size() && line[pos] != '"') {
        char c = line[pos++];
        if (c == '\\') {
            auto byte = unescape(line, pos);
            if (!byte) return byte.error();
            c = *byte;
        }
        token.text += c;
    }
    if (pos >= line.size()) return syntax("unterminated quoted string");
    ++pos;
    if (pos < line.size() && !core::is_ascii_space(line[pos]) && line[pos] != ';')
        return syntax("quoted string must be followed by a blank");
    return token;
}

// A bare word: everything up to blank, ';' or end of line, taken verbatim.
core::Result<Token> bare_token(std::string_view line, std::size_t& pos) {
    std::size_t start = pos;
    while (pos < line.size() && !core::is_ascii_space(line[pos]) && line[pos] != ';') {
        if (line[pos] == '"') return syntax("quote inside a word");
        if (line[pos] == '(' || line[pos] == ')') return syntax("parentheses (multi-line records) are not supported");
        ++pos;
    }
    return Token{std::string(line.substr(start, pos - start)), false};
}

core::Result<Tokens> tokenize(std::string_view line) {
    Tokens tokens;
    std::size_t pos = 0;
    while (true) {
        while (pos < line.size() && core::is_ascii_space(line[pos])) ++pos;
        if (pos >= line.size() || line[pos] == ';') return tokens;
        core::Result<Token> token = line[pos] == '"' ? quoted_token(line, ++pos) : bare_token(line, pos);
        if (!token) return token.error();
        tokens.push_back(std::move(*token));
    }
}

core::Result<std::uint64_t> number(const Token& token, std::uint64_t max, std::string_view what) {
    std::uint64_t value = 0;
    const char* end = token.text.data() + token.text.size();
    auto [ptr, ec] = std::from_chars(token.text.data(), end, value);
    if (token.quoted || token.text.empty() || ptr != end || ec != std::errc{} || value > max)
        return syntax("bad " + std::string(what) + " " + shown(token.text));
    return value;
}

bool all_digits(const Token& token) {
    return !token.quoted && !token.text.empty() &&
           std::all_of(token.text.begin(), token.text.end(), [](char c) { return core::is_ascii_digit(c); });
}

// inet_pton wants a C string, so a NUL inside the token would hide a tail.
template <typename Address>
core::Result<Address> address(const Token& token, int family, std::string_view what) {
    Address out{};
    if (token.text.find('\0') != std::string::npos || inet_pton(family, token.text.c_str(), out.data()) != 1)
        return syntax("bad " + std::string(what) + " address " + shown(token.text));
    return out;
}

core::Result<void> expect_count(const Tokens& rdata, std::size_t want, RecordType type) {
    if (rdata.size() == want) return {};
    return syntax(std::string(to_string(type)) + " takes " + std::to_string(want) + " field(s), got " +
                  std::to_string(rdata.size()));
}

core::Result<std::vector<std::string>> txt_strings(const Tokens& rdata) {
    if (rdata.empty()) return syntax("TXT/SPF needs at least one character-string");
    std::vector<std::string> strings;
    std::size_t total = 0;
    for (const auto& token : rdata) {
        if (token.text.size() > max_string) return syntax("character-string longer than 255 octets");
        total += token.text.size() + 1;
        if (total > max_rdata) return syntax("TXT/SPF data longer than 65535 octets");
        strings.push_back(token.text);
    }
    return strings;
}

// Adds one RR of `type` with its rdata fields to the zone.
core::Result<void> add_record(Zone& zone, const std::string& owner, RecordType type, const Tokens& rdata,
                              std::uint32_t ttl) {
    if (type == RecordType::TXT || type == RecordType::SPF) {
        auto strings = txt_strings(rdata);
        if (!strings) return strings.error();
        if (type == RecordType::TXT)
            zone.add_txt(owner, std::move(*strings), ttl);
        else
            zone.add_spf(owner, std::move(*strings), ttl);
        return {};
    }
    auto count = expect_count(rdata, type == RecordType::MX ? 2 : 1, type);
    if (!count) return count;
    switch (type) {
        case RecordType::A: {
            auto a = address<Ipv4Address>(rdata[0], AF_INET, "IPv4");
            if (!a) return a.error();
            zone.add_a(owner, *a, ttl);
            return {};
        }
        case RecordType::AAAA: {
            auto a = address<Ipv6Address>(rdata[0], AF_INET6, "IPv6");
            if (!a) return a.error();
            zone.add_aaaa(owner, *a, ttl);
            return {};
        }
        case RecordType::MX: {
            auto pref = number(rdata[0], std::numeric_limits<std::uint16_t>::max(), "MX preference");
            if (!pref) return pref.error();
            zone.add_mx(owner, static_cast<std::uint16_t>(*pref), rdata[1].text, ttl);  // "." = null MX
            return {};
        }
        case RecordType::PTR: zone.add_ptr(owner, rdata[0].text, ttl); return {};
        case RecordType::CNAME: zone.add_cname(owner, rdata[0].text, ttl); return {};
        default: return syntax("unsupported type");
    }
}

// `TIMEOUT` or `TIMEOUT TYPE` (spf.md §7 rule 4).
core::Result<void> add_timeout(Zone& zone, const std::string& owner, const Tokens& rest) {
    if (rest.empty()) {
        zone.add_timeout(owner);
        return {};
    }
    auto type = rest.size() == 1 ? parse_record_type(rest[0].text) : std::nullopt;
    if (!type) return syntax("TIMEOUT takes at most one record type");
    zone.add_timeout(owner, *type);
    return {};
}

core::Result<void> directive(const Tokens& tokens, std::uint32_t& default_ttl) {
    if (!core::iequals(tokens[0].text, "$TTL")) return syntax("unsupported directive " + shown(tokens[0].text));
    if (tokens.size() != 2) return syntax("$TTL takes one number");
    auto ttl = number(tokens[1], max_ttl, "TTL");
    if (!ttl) return ttl.error();
    default_ttl = static_cast<std::uint32_t>(*ttl);
    return {};
}

// `owner [ttl] [IN] TYPE rdata...`; TTL and class may come in either order (RFC 1035 §5.1).
core::Result<void> record_line(const Tokens& tokens, Zone& zone, std::uint32_t default_ttl) {
    const Token& owner = tokens[0];
    if (owner.text.empty()) return syntax("empty owner name");
    if (!owner.quoted && owner.text == "@") return syntax("'@' needs $ORIGIN, which is not supported");
    std::size_t i = 1;
    std::optional<std::uint32_t> ttl;
    bool class_seen = false;
    for (; i < tokens.size(); ++i) {
        if (!ttl && all_digits(tokens[i])) {
            auto n = number(tokens[i], max_ttl, "TTL");
            if (!n) return n.error();
            ttl = static_cast<std::uint32_t>(*n);
        } else if (!class_seen && !tokens[i].quoted && core::iequals(tokens[i].text, "IN")) {
            class_seen = true;
        } else {
            break;
        }
    }
    if (i >= tokens.size()) return syntax("missing record type");
    const Token& type_token = tokens[i];
    Tokens rdata(tokens.begin() + static_cast<std::ptrdiff_t>(i) + 1, tokens.end());
    if (!type_token.quoted && core::iequals(type_token.text, "TIMEOUT")) return add_timeout(zone, owner.text, rdata);
    auto type = type_token.quoted ? std::nullopt : parse_record_type(type_token.text);
    if (!type) return syntax("unknown record type " + shown(type_token.text));
    return add_record(zone, owner.text, *type, rdata, ttl.value_or(default_ttl));
}

core::Result<void> parse_line(std::string_view line, Zone& zone, std::uint32_t& default_ttl) {
    auto tokens = tokenize(line);
    if (!tokens) return tokens.error();
    if (tokens->empty()) return {};
    const Token& first = tokens->front();
    if (!first.quoted && first.text.starts_with('$')) return directive(*tokens, default_ttl);
    return record_line(*tokens, zone, default_ttl);
}

}  // namespace

core::Result<Zone> parse_zone_text(std::string_view text) {
    if (text.size() > max_input) return syntax("line 1: zone text larger than 16 MiB");
    Zone zone;
    std::uint32_t default_ttl = 3600;
    std::size_t line_no = 0;
    while (!text.empty()) {
        ++line_no;
        std::size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        auto ok = parse_line(line, zone, default_ttl);
        if (!ok) return syntax("line " + std::to_string(line_no) + ": " + ok.error().message);
    }
    return zone;
}

}  // namespace mailsec::dns
