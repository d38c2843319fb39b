// Address handling shared by the schemes (srs.md §2): split at the last '@',
// pysrs's quoted local parts, tag recognition and '=' field splitting.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <array>

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

// Up to four '='-separated fields, held inline (no allocation on the hot path).
class Fields {
public:
    static constexpr std::size_t capacity = 4;
    std::size_t size() const noexcept { return count_; }
    std::string_view operator[](std::size_t i) const noexcept { return fields_[i]; }
    void push_back(std::string_view f) noexcept { fields_[count_++] = f; }

private:
    std::array<std::string_view, capacity> fields_{};
    std::size_t count_ = 0;
};

// Splits on '=' into at most `max` (<= 4) fields (the last keeps the rest, '=' included).
Fields split_fields(std::string_view s, std::size_t max);

}  // namespace mailsec::srs::detail
