// Netstring framing for the socketmap protocol (srs.md §7).
#include "netstring.hpp"

namespace mailsec::srsd {

void NetstringDecoder::append(std::string_view bytes) {
    if (start_ > 0 && start_ == buffer_.size()) {
        buffer_.clear();
        start_ = 0;
    } else if (start_ > 4096 && start_ * 2 > buffer_.size()) {
        buffer_.erase(0, start_);  // keep the buffer from growing on a long pipelined stream
        start_ = 0;
    }
    buffer_.append(bytes);
}

Frame NetstringDecoder::fail(Frame::Status status) {
    failed_ = status;
    return Frame{status, {}};
}

Frame NetstringDecoder::next() {
    if (failed_ != Frame::Status::need_more) return Frame{failed_, {}};
    std::string_view rest(buffer_.data() + start_, buffer_.size() - start_);
    std::size_t length = 0;
    std::size_t digits = 0;
    for (; digits < rest.size() && rest[digits] != ':'; ++digits) {
        char c = rest[digits];
        if (c < '0' || c > '9' || digits == max_length_digits) return fail(Frame::Status::malformed);
        length = length * 10 + static_cast<std::size_t>(c - '0');
        if (length > max_length_) return fail(Frame::Status::too_long);
    }
    if (digits == rest.size()) return Frame{};
    if (digits == 0) return fail(Frame::Status::malformed);
    std::size_t end = digits + 1 + length;  // index of the ','
    if (rest.size() <= end) return Frame{};
    if (rest[end] != ',') return fail(Frame::Status::malformed);
    start_ += end + 1;
    return Frame{Frame::Status::complete, rest.substr(digits + 1, length)};
}

void append_netstring(std::string& out, std::string_view payload) {
    out += std::to_string(payload.size());
    out += ':';
    out += payload;
    out += ',';
}

std::string encode_netstring(std::string_view payload) {
    std::string out;
    out.reserve(payload.size() + 12);
    append_netstring(out, payload);
    return out;
}

}  // namespace mailsec::srsd
