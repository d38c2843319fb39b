// Socketmap reply words (srs.md §7).
#include "reply.hpp"

#include "netstring.hpp"

namespace mailsec::srsd {

std::string_view kind_word(Reply::Kind kind) {
    switch (kind) {
        case Reply::Kind::ok: return "OK";
        case Reply::Kind::notfound: return "NOTFOUND";
        case Reply::Kind::temp: return "TEMP";
        case Reply::Kind::timeout: return "TIMEOUT";
        case Reply::Kind::perm: return "PERM";
    }
    return "PERM";
}

std::string socketmap_payload(const Reply& reply) {
    std::string out(kind_word(reply.kind));
    out += ' ';
    out += reply.text;
    if (out.size() > max_reply_bytes) return "PERM reply too long";
    return out;
}

}  // namespace mailsec::srsd
