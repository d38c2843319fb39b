// Internal: the directive grammar of RFC 7208 §4.6.1 and §5 (one term).
#pragma once

#include <optional>
#include <string_view>

#include "mailsec/spf/record.hpp"

namespace mailsec::spf::detail {

// Parses one directive term ("-a:%{d}/24", "ip6:2001:db8::/32"); nullopt on success.
std::optional<SyntaxError> parse_directive(std::string_view term, Directive& out);

}  // namespace mailsec::spf::detail
