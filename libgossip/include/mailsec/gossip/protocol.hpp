// The GOSSiP wire protocol (gossip.md §6, §7): requests Q/F/R, byte-compatible with
// pygossip, parsed strictly into values; replies formatted exactly as pygossip does.
// One line per request, one reply line per request; on the wire each reply line is
// followed by an empty line.
//
//   auto req = gossip::parse_request("Q:example.com:SPF:1:U1");
//   if (!req) send(gossip::to_wire(gossip::error_reply(gossip::salvage_umis(line))));
//   else if (auto* q = std::get_if<gossip::QueryRequest>(&*req)) ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "mailsec/core/result.hpp"

namespace mailsec::gossip {

inline constexpr std::size_t max_line = 1024;  // §7, bytes of one request line
inline constexpr std::size_t max_id = 255;     // §7 field lengths
inline constexpr std::size_t max_qual = 64;
inline constexpr std::size_t max_umis = 64;
inline constexpr int max_wire_ttl = 255;
inline constexpr std::uint16_t default_port = 11900;

// Q:<id>:<qual>:<ttl>:<umis>[:A=<ts>.<mac>]
struct QueryRequest {
    std::string id;
    std::string qual;
    int ttl = 1;
    std::string umis;
    std::optional<std::string> auth;  // the §8 peer authentication field, without "A="

    std::string key() const { return id + ":" + qual; }
};

// F:<umis>:<s> — Yes / s >= 1 is spam, No / s <= 0 is ham (pygossip's -2s+1).
struct FeedbackRequest {
    std::string umis;
    bool spam = false;
};

// R:<id>:<qual>
struct ResetRequest {
    std::string id;
    std::string qual;

    std::string key() const { return id + ":" + qual; }
};

using Request = std::variant<QueryRequest, FeedbackRequest, ResetRequest>;

// Parses one request line (surrounding whitespace already stripped, or stripped
// here). Errors have code "bad-request" and the reason as message.
core::Result<Request> parse_request(std::string_view line);

// The request's UMIS when its field is well-formed, else "-" (for error_reply).
std::string salvage_umis(std::string_view line);

// Formats a request as its line (no terminator); the inverse of parse_request.
std::string format_request(const Request& request);

// Replies (lines without terminator).
// The server's verdict (§5): REJECT when rep < threshold.rep and cfi > threshold.cfi
// (floats), else PREPEND; rep and cfi go out truncated (wire_int).
struct Threshold {
    double rep = -50.0;
    double cfi = 1.0;
};
std::string verdict_reply(std::string_view umis, double rep, double cfi, Threshold threshold = {});
std::string error_reply(std::string_view umis);
inline std::string ack_reply() { return {}; }

// A reply line plus the empty line that ends it: "<line>\n\n".
std::string to_wire(std::string_view reply_line);

// A parsed Q reply, as clients see it. rep and cfi are the wire integers.
struct Answer {
    std::string action;  // "PREPEND" or "REJECT"
    std::string umis;
    int rep = 0;
    int cfi = 0;
};

// Parses "<ACTION> X-GOSSiP: <umis>,<rep>,<cfi>" (an optional trailing " A=<mac>"
// is ignored here). ERROR replies give code "error-reply"; anything else "bad-reply".
core::Result<Answer> parse_answer(std::string_view line);

// qual PEER (any case) is reserved for peer trust records (§7).
bool is_peer_qual(std::string_view qual);

}  // namespace mailsec::gossip
