// Optional shared-secret authentication between mailsec peers (gossip.md §8): a Q
// to a keyed peer carries a sixth field A=<ts>.<mac>, the peer's reply ends with
// " A=<mac2>". mac = first 22 chars of base64url HMAC-SHA256(secret,
// request-without-field "\n" ts); mac2 = the same over reply-without-field "\n" mac.
//
//   // asking side
//   QueryRequest q = ...; q.auth = gossip::make_auth(secret, q, now_unix);
//   auto line = gossip::verify_reply(secret, reply, gossip::auth_mac(*q.auth));
//   // answering side (gossipd, for requests from that peer's addresses)
//   if (auto s = verifier.verify(secret, q, now_unix); !s) reply ERROR
//   reply = gossip::sign_reply(secret, reply, gossip::auth_mac(*q.auth));
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "mailsec/core/result.hpp"
#include "mailsec/gossip/protocol.hpp"

namespace mailsec::gossip {

// The value of the A= field ("<ts>.<mac>") for `request` (its own auth ignored).
std::string make_auth(std::string_view secret, const QueryRequest& request, std::int64_t unix_time);
// The <mac> part of an A= value ("" when malformed).
std::string auth_mac(std::string_view auth_value);

// Appends " A=<mac2>" to a reply line.
std::string sign_reply(std::string_view secret, std::string_view reply_line, std::string_view request_mac);
// Checks and strips the " A=<mac2>" suffix; a missing or wrong mac is a peer failure.
core::Result<std::string> verify_reply(std::string_view secret, std::string_view reply_line,
                                       std::string_view request_mac);

// The receiving side: checks the mac, |now - ts| <= window and no replay of the
// same mac within the window. Thread-safe.
class RequestVerifier {
public:
    explicit RequestVerifier(std::chrono::seconds window = std::chrono::seconds{300}) : window_(window) {}
    core::Status verify(std::string_view secret, const QueryRequest& request, std::int64_t unix_time);

private:
    std::chrono::seconds window_;
    std::mutex mutex_;
    std::multimap<std::int64_t, std::string> seen_;  // ts -> mac, pruned past the window
};

}  // namespace mailsec::gossip
