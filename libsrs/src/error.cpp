// Codes of srs::ErrorKind (srs.md §5).
#include "mailsec/srs/error.hpp"

#include <array>
#include <utility>

namespace mailsec::srs {
namespace {
constexpr std::array<std::pair<ErrorKind, std::string_view>, 11> codes{{
    {ErrorKind::no_at, "no-at"},
    {ErrorKind::no_secret, "no-secret"},
    {ErrorKind::bad_config, "bad-config"},
    {ErrorKind::not_srs, "not-srs"},
    {ErrorKind::malformed, "malformed"},
    {ErrorKind::bad_hash, "bad-hash"},
    {ErrorKind::bad_timestamp, "bad-timestamp"},
    {ErrorKind::hashless_srs1, "hashless-srs1"},
    {ErrorKind::not_found, "not-found"},
    {ErrorKind::replay, "replay"},
    {ErrorKind::store_failed, "store-failed"},
}};
}  // namespace

std::string_view code_of(ErrorKind kind) noexcept {
    for (const auto& [k, code] : codes)
        if (k == kind) return code;
    return "unknown";
}

std::optional<ErrorKind> kind_of(const core::Error& error) noexcept {
    for (const auto& [k, code] : codes)
        if (code == error.code) return k;
    return std::nullopt;
}

core::Error make_error(ErrorKind kind, std::string message) {
    return core::Error{std::string(code_of(kind)), std::move(message)};
}

}  // namespace mailsec::srs
