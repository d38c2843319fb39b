// Parsing trusted trace headers: Received-SPF (RFC 7208 §9.1) and the spf method of
// Authentication-Results (RFC 8601 §2.2). Comments (RFC 5322 §3.2.2, nested, with
// quoted-pairs) and quoted strings are handled; anything else malformed is an error.
#include <optional>

#include "mailsec/core/ascii.hpp"
#include "mailsec/spf/header.hpp"

namespace mailsec::spf {
namespace {

core::Error malformed(std::string what) { return core::make_error("header", std::move(what)); }

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

class Cursor {
public:
    explicit Cursor(std::string_view text) : s_(text) {}
    bool done() const { return i_ >= s_.size(); }
    char peek() const { return done() ? '\0' : s_[i_]; }
    void next() { ++i_; }
    bool error() const { return error_; }

    // Skips folding white space and comments; the first comment's text goes to *first.
    void skip_cfws(std::string* first = nullptr) {
        for (;;) {
            while (!done() && (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n')) next();
            if (peek() != '(') return;
            std::string text = comment();
            if (first && first->empty()) *first = std::move(text);
        }
    }

    // A run of bytes up to white space, '(' or one of `stops`.
    std::string_view word(std::string_view stops) {
        std::size_t start = i_;
        while (!done() && peek() != ' ' && peek() != '\t' && peek() != '(' && peek() != '\r' && peek() != '\n' &&
               stops.find(peek()) == std::string_view::npos)
            next();
        return s_.substr(start, i_ - start);
    }

    // A value: a quoted string (with \\, \" and \xHH undone) or a word.
    std::string value() {
        if (peek() != '"') return std::string(word(";"));
        next();
        std::string out;
        while (!done() && peek() != '"') {
            if (peek() == '\\') {
                next();
                if (done()) break;
                if (peek() == 'x' && i_ + 2 < s_.size() && hex_digit(s_[i_ + 1]) >= 0 && hex_digit(s_[i_ + 2]) >= 0) {
                    out += static_cast<char>(hex_digit(s_[i_ + 1]) * 16 + hex_digit(s_[i_ + 2]));
                    i_ += 3;
                    continue;
                }
            }
            out += peek();
            next();
        }
        if (done()) error_ = true;  // unterminated quoted string
        next();
        return out;
    }

private:
    std::string comment() {
        std::string out;
        int depth = 0;
        do {
            char c = peek();
            if (c == '\\') {
                next();
                if (done()) break;
                out += peek();
            } else if (c == '(') {
                if (depth++) out += c;
            } else if (c == ')') {
                if (--depth) out += c;
            } else {
                out += c;
            }
            next();
        } while (depth > 0 && !done());
        if (depth > 0) error_ = true;  // unterminated comment
        return out;
    }

    std::string_view s_;
    std::size_t i_ = 0;
    bool error_ = false;
};

void assign(ParsedHeader& h, const std::string& key, std::string value) {
    std::string k = core::to_lower(key);
    if (k == "client-ip") h.client_ip = std::move(value);
    else if (k == "envelope-from" || k == "sender") h.envelope_from = std::move(value);
    else if (k == "helo") h.helo = std::move(value);
    else if (k == "receiver") h.receiver = std::move(value);
    else if (k == "mechanism") h.mechanism = std::move(value);
    else if (k == "problem") h.problem = std::move(value);
    else if (k == "identity" && (value == "mailfrom" || value == "helo"))
        h.identity = value == "helo" ? Identity::helo : Identity::mailfrom;
    else h.other.emplace_back(key, std::move(value));
}

// key=value *( ";" key=value ), as in RFC 7208 §9.1.
core::Status parse_pairs(Cursor& c, ParsedHeader& h) {
    for (;;) {
        c.skip_cfws();
        if (c.done()) return {};
        std::string key(c.word("=;"));
        if (key.empty() || c.peek() != '=') return malformed("expected key=value");
        c.next();
        std::string value = c.value();
        if (c.error()) return malformed("unterminated quoted string or comment");
        assign(h, key, std::move(value));
        c.skip_cfws();
        if (c.error()) return malformed("unterminated comment");
        if (c.done()) return {};
        if (c.peek() != ';') return malformed("expected ';' after " + key);
        c.next();
    }
}

}  // namespace

core::Result<ParsedHeader> parse_received_spf(std::string_view body) {
    Cursor c(body);
    ParsedHeader h;
    c.skip_cfws();
    auto result = parse_result(c.word(";"));
    if (!result) return malformed("unknown Received-SPF result");
    h.result = *result;
    c.skip_cfws(&h.comment);
    if (c.error()) return malformed("unterminated comment");
    if (auto status = parse_pairs(c, h); !status) return status.error();
    return h;
}

core::Result<ParsedHeader> parse_authentication_results(std::string_view body) {
    Cursor c(body);
    c.skip_cfws();
    if (c.word(";").empty()) return malformed("missing authserv-id");
    for (;;) {  // RFC 8601 §2.2: authserv-id [version] *( ";" resinfo )
        c.skip_cfws();
        if (c.done()) return malformed("no spf result");
        if (c.peek() != ';') {
            c.word(";");
            continue;
        }
        c.next();
        c.skip_cfws();
        std::string method(c.word("=;"));
        if (c.peek() != '=') continue;  // "none" or a malformed resinfo
        c.next();
        std::string result = c.value();
        if (!core::iequals(method, "spf")) continue;
        ParsedHeader h;
        auto parsed = parse_result(result);
        if (!parsed) return malformed("unknown spf result");
        h.result = *parsed;
        c.skip_cfws(&h.comment);
        // ptype.property=value, each optionally followed by a comment of key=value pairs.
        while (!c.done() && c.peek() != ';' && !c.error()) {
            std::string property = core::to_lower(c.word("=;"));
            if (property.empty() || c.peek() != '=') return malformed("expected ptype.property=value");
            c.next();
            std::string value = c.value();
            if (property == "smtp.mailfrom") h.identity = Identity::mailfrom;
            if (property == "smtp.helo") {
                h.identity = Identity::helo;
                h.helo = value;
            }
            std::string details;
            c.skip_cfws(&details);
            Cursor inner(details);
            if (!details.empty() && details.find('=') != std::string::npos)
                if (auto status = parse_pairs(inner, h); !status) return status.error();
        }
        if (c.error()) return malformed("unterminated comment or quoted string");
        return h;
    }
}

}  // namespace mailsec::spf
