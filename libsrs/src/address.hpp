// Address handling shared by the schemes (srs.md §2): split at the last '@',
// pysrs's quoted local parts, tag recognition and '=' field splitting.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/core/result.hpp"

namespace mailsec::srs::detail {

struct Address {
    std::string_view local;  // without the quotes when `quoted`
    std::string_view host;
    bool quoted = false;
};

// NoAt when there is no '@'.
core::Result<Address> split_address(std::string_view address);

// local@host, with the whole local part quoted when `quoted` (fw-16, rv-27).
std::string join_address(std::string_view local, std::string_view host, bool quoted);

// The host of an alias given as a domain or as an address (fw-14).
std::string_view alias_host(std::string_view alias) noexcept;

// True when `local` starts with `tag` (ASCII case-insensitive) and one of "=+-".
bool has_tag(std::string_view local, std::string_view tag) noexcept;

// Splits on '=' into at most `max` fields (the last keeps the rest, '=' included).
std::vector<std::string_view> split_fields(std::string_view s, std::size_t max);

}  // namespace mailsec::srs::detail
