// Parameters of the SRS schemes (srs.md §1), checked once at construction: a value
// out of range is a BadConfig (or NoSecret) error, never a surprise at run time.
//
//   srs::Options opt;
//   opt.secrets = {"new secret", "old secret"};   // the first signs, all verify
//   opt.separator = '+';
//   auto checked = srs::validate(opt, srs::SchemeKind::guarded);
//   if (!checked) std::cerr << checked.error().message << '\n';
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/core/result.hpp"

namespace mailsec::srs {

enum class SchemeKind { guarded, shortcut, reversible, database };

// "guarded", "shortcut", "reversible", "db" (also "database"); nullopt otherwise.
std::optional<SchemeKind> parse_scheme(std::string_view name) noexcept;
std::string_view to_string(SchemeKind kind) noexcept;

struct Options {
    std::vector<std::string> secrets;   // whole strings; the first signs, all verify
    std::optional<int> hash_length;     // 1..27; default 4 (DB scheme: 24)
    std::optional<int> hash_min;        // 1..hash_length; default hash_length
    int max_age = 21;                   // days, 0..1023 (0 = same day only)
    char separator = '=';               // '=', '+' or '-'
    std::string tag0 = "SRS0";
    std::string tag1 = "SRS1";
    bool always_rewrite = false;
    bool ignore_timestamp = false;
    bool allow_unsafe_srs = false;      // accept hashless (pre-2004) SRS1
    bool case_fallback = true;          // accept a case-smashed hash, with a warning
};

// Options with every default resolved (hash_length and hash_min set).
struct CheckedOptions {
    std::vector<std::string> secrets;
    int hash_length = 4;
    int hash_min = 4;
    int max_age = 21;
    char separator = '=';
    std::string tag0 = "SRS0";
    std::string tag1 = "SRS1";
    bool always_rewrite = false;
    bool ignore_timestamp = false;
    bool allow_unsafe_srs = false;
    bool case_fallback = true;
};

// NoSecret when there is no secret or one is empty; BadConfig for any other value
// out of its range (srs.md §1 and §10).
core::Result<CheckedOptions> validate(const Options& options, SchemeKind kind);

}  // namespace mailsec::srs
