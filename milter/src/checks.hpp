// Argument checks shared by every Context (milter.md 2.4) and the reply rules of
// libmilter's smfi_setreply / smfi_setmlreply (1.5). Each returns an empty string
// when the argument is fine, else what is wrong with it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsec::milter::detail {

std::string check_header_name(std::string_view name);
// Folding only as "\n" followed by a space or tab; never CR (1.6).
std::string check_header_value(std::string_view value);
// "<a@b>" form, no line breaks.
std::string check_address(std::string_view addr);
// No CR, LF or NUL.
std::string check_single_line(std::string_view what, std::string_view text);
std::string check_reply(std::string_view code, std::string_view xcode, const std::vector<std::string>& lines);

}  // namespace mailsec::milter::detail
