// Header generation: Received-SPF (RFC 7208 §9.1) and Authentication-Results
// (RFC 8601 §2.2, §2.7.2), rendered as spf.md §4 specifies.
#include "mailsec/spf/header.hpp"

#include "mailsec/core/ascii.hpp"

namespace mailsec::spf {
namespace {

// RFC 5322 §3.2.3 atext.
bool is_atext(char c) {
    return core::is_ascii_alnum(c) || std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

bool is_dot_atom(std::string_view v) {
    if (v.empty() || v.front() == '.' || v.back() == '.') return false;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '.') {
            if (v[i + 1] == '.') return false;
        } else if (!is_atext(v[i])) {
            return false;
        }
    }
    return true;
}

// RFC 2045 §5.1 token, as RFC 8601 §2.2 uses it for values.
bool is_token(std::string_view v) {
    if (v.empty()) return false;
    for (char c : v) {
        auto b = static_cast<unsigned char>(c);
        if (b <= 0x20 || b >= 0x7f || std::string_view("()<>@,;:\\\"/[]?=").find(c) != std::string_view::npos)
            return false;
    }
    return true;
}

// Inside a comment: escape '(' ')' '\' (RFC 5322 §3.2.2 quoted-pair); control bytes
// become \xHH so no value can break the header line.
std::string comment_escape(std::string_view text) {
    constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (char c : text) {
        auto b = static_cast<unsigned char>(c);
        if (c == '(' || c == ')' || c == '\\') {
            out += '\\';
            out += c;
        } else if (b < 0x20 || b == 0x7f) {
            out += "\\x";
            out += hex[b >> 4];
            out += hex[b & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

std::string extra_key(std::string key) {
    for (char& c : key)
        if (c == '_') c = '-';
    return "x-" + key;
}

void add(std::string& out, std::string_view key, std::string_view value, bool quote = true) {
    if (value.empty()) return;
    if (!out.empty()) out += "; ";
    out += key;
    out += '=';
    out += quote ? quote_value(value) : std::string(value);
}

}  // namespace

std::string quote_value(std::string_view value) {
    if (is_dot_atom(value)) return std::string(value);
    constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (char c : value) {
        auto b = static_cast<unsigned char>(c);
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (b < 0x20 || b == 0x7f) {  // NUL as \x00 (spf.md §4); CR, LF too
            out += "\\x";
            out += hex[b >> 4];
            out += hex[b & 0xf];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string_view header_tag(Result result) {
    switch (result) {
        case Result::pass: return "Pass";
        case Result::fail: return "Fail";
        case Result::softfail: return "SoftFail";
        case Result::neutral: return "Neutral";
        case Result::none: return "None";
        case Result::permerror: return "PermError";
        case Result::temperror: return "TempError";
    }
    return "None";
}

std::string header_comment(const Outcome& o) {
    const std::string& x = o.domain;
    const std::string c = o.client.to_string();
    switch (o.result) {
        case Result::pass: return "domain of " + x + " designates " + c + " as permitted sender";
        case Result::fail: return "domain of " + x + " does not designate " + c + " as permitted sender";
        case Result::softfail:
            return "transitioning domain of " + x + " does not designate " + c + " as permitted sender";
        case Result::neutral:
        case Result::none: return c + " is neither permitted nor denied by domain of " + x;
        case Result::permerror: return "permanent error in processing domain of " + x + ": " + o.reason;
        case Result::temperror: return "temporary error in processing during lookup of " + x;
    }
    return "";
}

std::string received_spf(const Outcome& o, const HeaderOptions& options) {
    const std::string& receiver = options.receiver ? *options.receiver : o.receiver;
    std::string out(header_tag(o.result));
    out += " (" + comment_escape(receiver) + ": " + comment_escape(header_comment(o)) + ") ";
    std::string keys;
    // RFC 7208 §9.1: client-ip is an address, never quoted (IPv6 has ':', not atext).
    add(keys, "client-ip", o.client.to_string(), false);
    if (o.identity == Identity::mailfrom) add(keys, "envelope-from", o.sender);
    add(keys, "helo", o.helo);
    add(keys, "receiver", receiver);
    if (o.result == Result::permerror) add(keys, "problem", o.problem);
    add(keys, "mechanism", o.mechanism);
    for (const auto& [k, v] : options.extra) add(keys, extra_key(k), v);
    add(keys, "identity", to_string(o.identity));
    return out + keys;
}

std::string authentication_results(const Outcome& o, std::string_view authserv_id, const HeaderOptions& options) {
    const std::string& receiver = options.receiver ? *options.receiver : o.receiver;
    std::string out(authserv_id);
    out += "; spf=";
    out += to_string(o.result);
    out += " (" + comment_escape(receiver) + ": " + comment_escape(header_comment(o)) + ") ";
    bool helo = o.identity == Identity::helo;
    std::string_view property = helo ? o.helo : o.domain;
    out += helo ? "smtp.helo=" : "smtp.mailfrom=";
    out += is_token(property) ? std::string(property) : quote_value(property);
    std::string keys;
    add(keys, "sender", comment_escape(o.sender), false);
    if (!helo) add(keys, "helo", comment_escape(o.helo), false);
    add(keys, "client-ip", o.client.to_string(), false);
    add(keys, "receiver", comment_escape(receiver), false);
    if (!o.mechanism.empty()) add(keys, "mechanism", comment_escape(quote_value(o.mechanism)), false);
    return out + " (" + keys + ")";
}

}  // namespace mailsec::spf
