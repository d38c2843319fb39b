// Line-end conversions and header-block helpers for the writer. Bare CRs (test2
// has them) are data and pass through untouched.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mailsec/mime/message.hpp"

namespace mailsec::mime::detail {

std::string to_lf(std::string_view text);      // CRLF -> LF
std::string to_crlf(std::string_view text);    // lone LF -> CRLF
std::string convert(std::string_view text, Newline newline);
Newline detect_newline(std::string_view text); // the style of the first line end

// Where the body starts: just after the first empty line, or text.size() if none.
std::size_t body_offset(std::string_view text);

// The header block of a message (LF or CRLF), as (name, raw value) pairs with the
// value's leading blanks and final line end removed and inner line ends as LF.
std::vector<Header> parse_header_block(std::string_view text);

}  // namespace mailsec::mime::detail
