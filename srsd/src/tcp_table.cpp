// tcp_table codec (srs.md §8, Postfix tcp_table(5), postsrsd 1.x).
#include "tcp_table.hpp"

namespace mailsec::srsd {

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

core::Error invalid() { return core::make_error("invalid-request", "Invalid request"); }
}  // namespace

core::Result<std::string> decode_tcp_table_request(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.substr(0, 4) != "get ") return invalid();
    line.remove_prefix(4);
    std::string key;
    key.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] != '%') {
            key += line[i];
            continue;
        }
        int hi = i + 2 < line.size() ? hex_value(line[i + 1]) : -1;
        int lo = i + 2 < line.size() ? hex_value(line[i + 2]) : -1;
        if (hi < 0 || lo < 0) return invalid();
        key += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return key;
}

std::string tcp_table_encode(std::string_view value) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(value.size());
    for (char ch : value) {
        auto c = static_cast<unsigned char>(ch);
        if (c == '%' || c < 0x21 || c > 0x7E) {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        } else {
            out += ch;
        }
    }
    return out;
}

std::string tcp_table_reply(const Reply& reply) {
    switch (reply.kind) {
        case Reply::Kind::ok: return "200 " + tcp_table_encode(reply.text) + "\n";
        case Reply::Kind::notfound: return "500 Not found\n";
        case Reply::Kind::perm: return "500 " + tcp_table_encode(reply.text) + "\n";
        case Reply::Kind::temp:
        case Reply::Kind::timeout: return "400 " + tcp_table_encode(reply.text) + "\n";
    }
    return "400 internal error\n";
}

}  // namespace mailsec::srsd
