// A map's answer in socketmap terms (srs.md §7): OK, NOTFOUND, TEMP, TIMEOUT or PERM,
// kept as a class all the way to the wire so PERM and TEMP never blur.
#pragma once

#include <string>
#include <string_view>

namespace mailsec::srsd {

struct Reply {
    enum class Kind { ok, notfound, temp, timeout, perm };
    Kind kind = Kind::notfound;
    std::string text{};  // the value (ok) or the reason

    static Reply ok(std::string value) { return {Kind::ok, std::move(value)}; }
    static Reply notfound() { return {Kind::notfound, {}}; }
    static Reply temp(std::string reason) { return {Kind::temp, std::move(reason)}; }
    static Reply perm(std::string reason) { return {Kind::perm, std::move(reason)}; }

    bool operator==(const Reply&) const = default;
};

std::string_view kind_word(Reply::Kind kind);
// The socketmap payload: "OK value", "NOTFOUND ", "PERM reason"; a payload above
// Postfix's 100000-byte limit becomes "PERM reply too long".
std::string socketmap_payload(const Reply& reply);

}  // namespace mailsec::srsd
