// Request framing for gossipd (gossip.md §6, §7): bytes in, lines out (LF-terminated,
// surrounding whitespace and CR stripped by the caller). Memory stays bounded: a line
// that grows past max_line without LF is reported once as too long and its bytes up
// to the next LF are discarded, so a client cannot make the server buffer without limit.
//
//   gossipd::LineReader reader;
//   reader.append(bytes);
//   while (auto line = reader.next()) line->too_long ? reply_error() : handle(line->text);
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "mailsec/gossip/protocol.hpp"

namespace mailsec::gossipd {

struct Line {
    std::string text;  // without the LF
    bool too_long = false;
};

class LineReader {
public:
    explicit LineReader(std::size_t max_line = gossip::max_line) : max_line_(max_line) {}
    void append(std::string_view bytes);
    std::optional<Line> next();
    std::size_t buffered() const { return buffer_.size(); }

private:
    std::size_t max_line_;
    std::string buffer_;
    std::size_t start_ = 0;    // first unread byte of buffer_
    bool discarding_ = false;  // inside a too-long line, until its LF
};

}  // namespace mailsec::gossipd
