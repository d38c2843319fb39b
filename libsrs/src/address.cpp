// Address splitting as pysrs does it (srs.md §2).
#include "address.hpp"

#include "mailsec/core/ascii.hpp"
#include "mailsec/srs/error.hpp"

namespace mailsec::srs::detail {

core::Result<Address> split_address(std::string_view address) {
    auto at = address.rfind('@');
    if (at == std::string_view::npos)
        return make_error(ErrorKind::no_at, "address '" + std::string(address) + "' has no @");
    Address a{address.substr(0, at), address.substr(at + 1), false};
    if (a.local.size() >= 2 && a.local.front() == '"' && a.local.back() == '"') {
        a.local = a.local.substr(1, a.local.size() - 2);
        a.quoted = true;
    }
    return a;
}

std::string join_address(std::string_view local, std::string_view host, bool quoted) {
    std::string out;
    out.reserve(local.size() + host.size() + 3);
    if (quoted) out += '"';
    out += local;
    if (quoted) out += '"';
    out += '@';
    out += host;
    return out;
}

std::string_view alias_host(std::string_view alias) noexcept {
    auto at = alias.rfind('@');
    return at == std::string_view::npos ? alias : alias.substr(at + 1);
}

bool has_tag(std::string_view local, std::string_view tag) noexcept {
    if (local.size() <= tag.size() || !core::istarts_with(local, tag)) return false;
    char sep = local[tag.size()];
    return sep == '=' || sep == '+' || sep == '-';
}

Fields split_fields(std::string_view s, std::size_t max) {
    if (max > Fields::capacity) max = Fields::capacity;
    Fields out;
    while (out.size() + 1 < max) {
        auto eq = s.find('=');
        if (eq == std::string_view::npos) break;
        out.push_back(s.substr(0, eq));
        s.remove_prefix(eq + 1);
    }
    out.push_back(s);
    return out;
}

}  // namespace mailsec::srs::detail
