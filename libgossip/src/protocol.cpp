// gossip.md §6 (requests and replies) and §7 (strict grammar, length limits,
// bracketed fields so ids and quals may contain ':').
#include "mailsec/gossip/protocol.hpp"

#include <charconv>
#include <vector>

#include "mailsec/core/ascii.hpp"
#include "mailsec/gossip/aggregate.hpp"

namespace mailsec::gossip {
namespace {

core::Error bad(std::string message) { return core::make_error("bad-request", std::move(message)); }

// §7: a field is plain (no ':') or bracketed ('[' up to the first ']', which must
// end the field); brackets stay part of the value.
core::Result<std::vector<std::string_view>> split_fields(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t p = 0;
    for (;;) {
        std::size_t end = 0;
        if (p < line.size() && line[p] == '[') {
            const auto close = line.find(']', p);
            if (close == std::string_view::npos) return bad("unterminated '[' in field " + std::to_string(out.size()));
            end = close + 1;
            if (end < line.size() && line[end] != ':')
                return bad("']' not followed by ':' in field " + std::to_string(out.size()));
        } else {
            end = std::min(line.find(':', p), line.size());
        }
        out.push_back(line.substr(p, end - p));
        if (end >= line.size()) return out;
        p = end + 1;
    }
}

bool is_control_or_space(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f;
}

core::Status check_name(std::string_view value, std::string_view what, std::size_t max) {
    if (value.empty() || value.size() > max)
        return bad(std::string(what) + " must be 1.." + std::to_string(max) + " bytes");
    for (char c : value)
        if (is_control_or_space(c)) return bad(std::string(what) + " holds a control byte or space");
    return {};
}

bool umis_char(char c) {
    return core::is_ascii_alnum(c) || c == '.' || c == '$' || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
}

bool valid_umis(std::string_view u) {
    if (u.empty() || u.size() > max_umis) return false;
    for (char c : u)
        if (!umis_char(c)) return false;
    return true;
}

core::Result<int> parse_ttl(std::string_view s) {
    if (s.empty() || s.size() > 3) return bad("ttl must be 1..3 digits");
    int v = 0;
    for (char c : s) {
        if (!core::is_ascii_digit(c)) return bad("ttl must be 1..3 digits");
        v = v * 10 + (c - '0');
    }
    if (v > max_wire_ttl) return bad("ttl above 255");
    return v;
}

// §6: "Yes" or s >= 1 is spam; "No" or s <= 0 is ham.
core::Result<bool> parse_spam(std::string_view s) {
    if (s == "Yes") return true;
    if (s == "No") return false;
    const std::string_view digits = (!s.empty() && s[0] == '-') ? s.substr(1) : s;
    if (digits.empty() || digits.size() > 9) return bad("feedback must be Yes, No or -?[0-9]{1,9}");
    for (char c : digits)
        if (!core::is_ascii_digit(c)) return bad("feedback must be Yes, No or -?[0-9]{1,9}");
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v >= 1;
}

// §8 peer authentication field "A=<ts>.<mac>": shape only; the daemon verifies it.
core::Result<std::string> parse_auth(std::string_view f) {
    if (f.size() < 3 || f.substr(0, 2) != "A=" || f.size() > 2 + 11 + 1 + 43) return bad("bad authentication field");
    for (char c : f.substr(2))
        if (!core::is_ascii_alnum(c) && c != '.' && c != '-' && c != '_') return bad("bad authentication field");
    return std::string(f.substr(2));
}

core::Result<Request> parse_query(const std::vector<std::string_view>& f) {
    if (f.size() != 5 && f.size() != 6) return bad("Q takes 4 fields");
    if (auto s = check_name(f[1], "id", max_id); !s) return s.error();
    if (auto s = check_name(f[2], "qual", max_qual); !s) return s.error();
    auto ttl = parse_ttl(f[3]);
    if (!ttl) return ttl.error();
    if (!valid_umis(f[4])) return bad("bad umis");
    QueryRequest q{std::string(f[1]), std::string(f[2]), *ttl, std::string(f[4]), std::nullopt};
    if (f.size() == 6) {
        auto auth = parse_auth(f[5]);
        if (!auth) return auth.error();
        q.auth = std::move(*auth);
    }
    return Request{std::move(q)};
}

core::Result<Request> parse_feedback(const std::vector<std::string_view>& f) {
    if (f.size() != 3) return bad("F takes 2 fields");
    if (!valid_umis(f[1])) return bad("bad umis");
    auto spam = parse_spam(f[2]);
    if (!spam) return spam.error();
    return Request{FeedbackRequest{std::string(f[1]), *spam}};
}

core::Result<Request> parse_reset(const std::vector<std::string_view>& f) {
    if (f.size() != 3) return bad("R takes 2 fields");
    if (auto s = check_name(f[1], "id", max_id); !s) return s.error();
    if (auto s = check_name(f[2], "qual", max_qual); !s) return s.error();
    return Request{ResetRequest{std::string(f[1]), std::string(f[2])}};
}

core::Result<int> parse_int(std::string_view s) {
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size())
        return core::make_error("bad-reply", "not an integer");
    return v;
}

}  // namespace

core::Result<Request> parse_request(std::string_view line) {
    line = core::trim(line);
    if (line.size() > max_line) return bad("line longer than 1024 bytes");
    if (line.size() < 2 || line[1] != ':') return bad("unknown request type");
    auto fields = split_fields(line);
    if (!fields) return fields.error();
    switch (line[0]) {
        case 'Q': return parse_query(*fields);
        case 'F': return parse_feedback(*fields);
        case 'R': return parse_reset(*fields);
        default: return bad("unknown request type");
    }
}

std::string salvage_umis(std::string_view line) {
    line = core::trim(line);
    if (line.size() > max_line || line.size() < 2 || line[1] != ':') return "-";
    auto fields = split_fields(line);
    if (!fields) return "-";
    const std::size_t at = line[0] == 'Q' ? 4 : line[0] == 'F' ? 1 : 0;
    if (at == 0 || fields->size() <= at || !valid_umis((*fields)[at])) return "-";
    return std::string((*fields)[at]);
}

std::string format_request(const Request& request) {
    if (const auto* q = std::get_if<QueryRequest>(&request)) {
        std::string out = "Q:" + q->id + ":" + q->qual + ":" + std::to_string(q->ttl) + ":" + q->umis;
        if (q->auth) out += ":A=" + *q->auth;
        return out;
    }
    if (const auto* f = std::get_if<FeedbackRequest>(&request)) return "F:" + f->umis + (f->spam ? ":1" : ":0");
    const auto& r = std::get<ResetRequest>(request);
    return "R:" + r.id + ":" + r.qual;
}

std::string verdict_reply(std::string_view umis, double rep, double cfi, Threshold threshold) {
    const bool reject = rep < threshold.rep && cfi > threshold.cfi;
    std::string out = reject ? "REJECT" : "PREPEND";
    out.append(" X-GOSSiP: ").append(umis);
    out += "," + std::to_string(wire_int(rep)) + "," + std::to_string(wire_int(cfi));
    return out;
}

std::string error_reply(std::string_view umis) { return "ERROR X-GOSSiP: " + std::string(umis) + ",0,0"; }

std::string to_wire(std::string_view reply_line) { return std::string(reply_line) + "\n\n"; }

core::Result<Answer> parse_answer(std::string_view line) {
    line = core::trim(line);
    if (line.starts_with("ERROR ")) return core::make_error("error-reply", "server answered: " + std::string(line));
    constexpr std::string_view tag = " X-GOSSiP: ";
    const auto at = line.find(tag);
    if (at == std::string_view::npos) return core::make_error("bad-reply", "not a GOSSiP reply: " + std::string(line));
    Answer a;
    a.action = std::string(line.substr(0, at));
    if (a.action != "PREPEND" && a.action != "REJECT")
        return core::make_error("bad-reply", "unknown action " + a.action);
    std::string_view rest = line.substr(at + tag.size());
    rest = rest.substr(0, rest.find(' '));  // a §8 " A=<mac2>" suffix is checked by the caller
    const auto c2 = rest.rfind(',');
    const auto c1 = c2 == std::string_view::npos ? c2 : rest.rfind(',', c2 - 1);
    if (c1 == std::string_view::npos || c2 == 0) return core::make_error("bad-reply", "reply lacks umis,rep,cfi");
    a.umis = std::string(rest.substr(0, c1));
    auto rep = parse_int(rest.substr(c1 + 1, c2 - c1 - 1));
    auto cfi = parse_int(rest.substr(c2 + 1));
    if (!rep || !cfi) return core::make_error("bad-reply", "rep or cfi not an integer");
    a.rep = *rep;
    a.cfi = *cfi;
    return a;
}

bool is_peer_qual(std::string_view qual) { return core::iequals(qual, "PEER"); }

}  // namespace mailsec::gossip
