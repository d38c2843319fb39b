// Validation of srs::Options (srs.md §1, §10: hashlength 1..27, hashmin
// 1..hashlength, maxage 0..1023, separator one of "=+-", tags 4 alphanumerics).
#include "mailsec/srs/options.hpp"

#include <algorithm>

#include "mailsec/core/ascii.hpp"
#include "mailsec/srs/error.hpp"

namespace mailsec::srs {
namespace {

core::Error bad(std::string message) { return make_error(ErrorKind::bad_config, std::move(message)); }

bool valid_tag(std::string_view tag) {
    return tag.size() == 4 && std::all_of(tag.begin(), tag.end(), core::is_ascii_alnum);
}

}  // namespace

std::optional<SchemeKind> parse_scheme(std::string_view name) noexcept {
    if (core::iequals(name, "guarded")) return SchemeKind::guarded;
    if (core::iequals(name, "shortcut")) return SchemeKind::shortcut;
    if (core::iequals(name, "reversible")) return SchemeKind::reversible;
    if (core::iequals(name, "db") || core::iequals(name, "database")) return SchemeKind::database;
    return std::nullopt;
}

std::string_view to_string(SchemeKind kind) noexcept {
    switch (kind) {
        case SchemeKind::guarded: return "guarded";
        case SchemeKind::shortcut: return "shortcut";
        case SchemeKind::reversible: return "reversible";
        case SchemeKind::database: return "db";
    }
    return "unknown";
}

core::Result<CheckedOptions> validate(const Options& o, SchemeKind kind) {
    if (o.secrets.empty())
        return make_error(ErrorKind::no_secret, "cannot create a cryptographic MAC without a secret");
    if (std::any_of(o.secrets.begin(), o.secrets.end(), [](const std::string& s) { return s.empty(); }))
        return make_error(ErrorKind::no_secret, "empty secret");
    CheckedOptions c;
    c.hash_length = o.hash_length.value_or(kind == SchemeKind::database ? 24 : 4);
    if (c.hash_length < 1 || c.hash_length > 27)
        return bad("hash length " + std::to_string(c.hash_length) + " out of range 1..27");
    c.hash_min = o.hash_min.value_or(c.hash_length);
    if (c.hash_min < 1 || c.hash_min > c.hash_length)
        return bad("hash minimum " + std::to_string(c.hash_min) + " out of range 1.." +
                   std::to_string(c.hash_length));
    if (o.max_age < 0 || o.max_age > 1023)
        return bad("max age " + std::to_string(o.max_age) + " out of range 0..1023 days");
    if (o.separator != '=' && o.separator != '+' && o.separator != '-')
        return bad(std::string("separator '") + o.separator + "' is not one of = + -");
    if (!valid_tag(o.tag0) || !valid_tag(o.tag1)) return bad("tags must be 4 ASCII letters or digits");
    c.secrets = o.secrets;
    c.max_age = o.max_age;
    c.separator = o.separator;
    c.tag0 = o.tag0;
    c.tag1 = o.tag1;
    c.always_rewrite = o.always_rewrite;
    c.ignore_timestamp = o.ignore_timestamp;
    c.allow_unsafe_srs = o.allow_unsafe_srs;
    c.case_fallback = o.case_fallback;
    return c;
}

}  // namespace mailsec::srs
