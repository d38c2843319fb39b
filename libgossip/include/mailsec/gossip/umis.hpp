// UMIS, the per-message token that ties feedback to a query (gossip.md §6):
// base64(MD5(id || nonce)) with '+' -> '.', '/' -> '$' and the '=' padding stripped.
//
//   std::string u = gossip::make_umis("example.comSPF", "1234.5");  // "Q30Xv5qWWC4Aa30jlI.BlQ"
#pragma once

#include <string>
#include <string_view>

namespace mailsec::gossip {

// The milter passes id = domain + qual and a nonce made of its connection id and the time.
std::string make_umis(std::string_view id, std::string_view nonce);

}  // namespace mailsec::gossip
