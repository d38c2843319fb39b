// Internal: domain-name checks of RFC 7208 §4.3 (check_host's <domain>) and §4.8 /
// spf.md §3 (expanded targets that cannot be queried).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mailsec::spf::detail {

// A valid check_host() domain: multi-label FQDN, labels 1..63 octets, <= 253 octets,
// one trailing dot allowed (removed in the result), not a domain literal "[...]".
std::optional<std::string> valid_fqdn(std::string_view domain);
// The same check without a copy: the name without its trailing dot, or nullopt.
std::optional<std::string_view> valid_fqdn_view(std::string_view domain);

// An expanded target a query can be composed from: non-empty, no empty label, no
// label over 63 octets, <= 253 octets (a single label is fine).
bool queryable(std::string_view name);

// True if `name` equals `domain` or ends in "." + domain, ASCII case-insensitively.
bool is_subdomain_or_same(std::string_view name, std::string_view domain);

}  // namespace mailsec::spf::detail
