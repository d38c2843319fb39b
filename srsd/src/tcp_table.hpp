// Postfix's tcp_table protocol as postsrsd 1.x speaks it (srs.md §8), so postsrsd 1.x
// users switch to srsd without touching Postfix: "get <%XX-encoded key>\n" in,
// "200 <encoded value>\n" / "500 <reason>\n" / "400 <reason>\n" out.
//
//   auto key = srsd::decode_tcp_table_request("get mouse%40orig.com");  // "mouse@orig.com"
//   srsd::tcp_table_reply(srsd::Reply::notfound());                    // "500 Not found\n"
#pragma once

#include <string>
#include <string_view>

#include "mailsec/core/result.hpp"
#include "reply.hpp"

namespace mailsec::srsd {

// One request line without its LF (a trailing CR is tolerated). Anything but
// "get <key>" with valid %XX escapes is an error ("Invalid request").
core::Result<std::string> decode_tcp_table_request(std::string_view line);

// %XX for '%' and every byte outside 0x21..0x7E (Postfix tcp_table(5)).
std::string tcp_table_encode(std::string_view value);

// The reply line, LF included.
std::string tcp_table_reply(const Reply& reply);

inline constexpr std::string_view tcp_table_invalid = "500 Invalid request\n";

}  // namespace mailsec::srsd
