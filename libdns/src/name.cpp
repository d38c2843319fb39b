#include "mailsec/core/ascii.hpp"
#include "mailsec/dns/resolver.hpp"

namespace mailsec::dns {

namespace {
constexpr std::size_t max_label = 63;
constexpr std::size_t max_name = 253;  // presentation form without the trailing dot

core::Error invalid(std::string message) { return core::make_error("invalid-name", std::move(message)); }
}  // namespace

core::Result<std::string> normalize_name(std::string_view name) {
    if (name == ".") return std::string{};
    if (name.empty()) return invalid("empty name");
    if (name.back() == '.') name.remove_suffix(1);
    if (name.empty()) return invalid("empty label");
    if (name.size() > max_name) return invalid("name longer than 253 octets");
    std::string out;
    out.reserve(name.size());
    std::size_t label = 0;
    for (char c : name) {
        auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80) return invalid("non-ASCII byte in name");
        if (byte < 0x21 || byte == 0x7f) return invalid("control character or space in name");
        if (c == '.') {
            if (label == 0) return invalid("empty label");
            label = 0;
        } else if (++label > max_label) {
            return invalid("label longer than 63 octets");
        }
        out.push_back(core::ascii_lower(c));
    }
    return out;
}

}  // namespace mailsec::dns
