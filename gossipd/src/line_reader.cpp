// gossip.md §7: "Line at most 1024 bytes" with bounded buffering.
#include "line_reader.hpp"

namespace mailsec::gossipd {

void LineReader::append(std::string_view bytes) {
    if (start_ > 0) {
        buffer_.erase(0, start_);
        start_ = 0;
    }
    buffer_.append(bytes);
}

std::optional<Line> LineReader::next() {
    const auto nl = buffer_.find('\n', start_);
    if (nl == std::string::npos) {
        if (buffer_.size() - start_ <= max_line_ + 1) return std::nullopt;  // + 1: a CR before the LF
        buffer_.clear();
        start_ = 0;
        if (discarding_) return std::nullopt;
        discarding_ = true;
        return Line{{}, true};
    }
    std::string text = buffer_.substr(start_, nl - start_);
    start_ = nl + 1;
    if (discarding_) {
        discarding_ = false;
        return next();
    }
    return Line{std::move(text), false};
}

}  // namespace mailsec::gossipd
