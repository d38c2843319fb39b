// The socketmap framing (srs.md §7): every request and reply is one netstring
// "<len>:<bytes>," with len the decimal byte count. The decoder is incremental, so a
// connection can carry many requests, pipelined or lock-step, split anywhere by TCP.
//
//   srsd::NetstringDecoder d(10000);
//   d.append(bytes);
//   while (auto f = d.next(); f.status == srsd::Frame::Status::complete) handle(f.payload);
//   srsd::encode_netstring("OK SRS0=...");   // "27:OK SRS0=...,"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mailsec::srsd {

inline constexpr std::size_t max_length_digits = 10;
inline constexpr std::size_t max_reply_bytes = 100000;  // Postfix's socketmap limit

struct Frame {
    enum class Status {
        need_more,  // no complete netstring yet
        complete,   // payload holds one request
        too_long,   // declared length above the maximum: reply PERM, then close
        malformed,  // framing lost (non-digit, missing ','): close without reply
    };
    Status status = Status::need_more;
    std::string_view payload{};  // valid until the next append() or next()
};

class NetstringDecoder {
public:
    explicit NetstringDecoder(std::size_t max_length) : max_length_(max_length) {}

    void append(std::string_view bytes);
    // The next frame; after too_long or malformed the decoder stays in that state.
    Frame next();
    // Bytes received but not yet part of a returned frame.
    std::size_t buffered() const { return buffer_.size() - start_; }

private:
    Frame fail(Frame::Status status);

    std::size_t max_length_;
    std::string buffer_;
    std::size_t start_ = 0;
    Frame::Status failed_ = Frame::Status::need_more;
};

std::string encode_netstring(std::string_view payload);
// Appends the netstring to `out` (no temporary string per reply).
void append_netstring(std::string& out, std::string_view payload);

}  // namespace mailsec::srsd
