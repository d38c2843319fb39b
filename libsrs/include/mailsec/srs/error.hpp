// Error kinds of libsrs (srs.md §5). Every failure is a core::Error value whose
// `code` names one of these kinds and whose `message` is one line for logs; nothing
// in libsrs asserts (pysrs's asserts vanish under `python -O`, srs.md §1).
//
//   auto r = guarded->reverse("SRS0=xxxx=IZ=orig.com=mouse@second.com");
//   if (!r && srs::kind_of(r.error()) == srs::ErrorKind::bad_hash) refuse();
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mailsec/core/result.hpp"

namespace mailsec::srs {

enum class ErrorKind {
    no_at,          // the address has no '@'
    no_secret,      // no secret configured
    bad_config,     // an option out of range (hashlength 1..27, ...)
    not_srs,        // not an SRS address this scheme reverses
    malformed,      // SRS/SES tag present but too few fields or bad characters
    bad_hash,       // hash too short or matching no secret
    bad_timestamp,  // timestamp unreadable or older than maxage
    hashless_srs1,  // pre-2004 SRS1 without hash, allowunsafesrs off
    not_found,      // DB scheme: no row for the key
    replay,         // SES: too many validations of one signature
    store_failed,   // DB scheme: the store could not be read or written (temporary)
};

// The machine-readable code of a kind: "no-at", "bad-hash", ...
std::string_view code_of(ErrorKind kind) noexcept;

// The kind named by an error's code; nullopt for an error that is not libsrs's.
std::optional<ErrorKind> kind_of(const core::Error& error) noexcept;

core::Error make_error(ErrorKind kind, std::string message);

}  // namespace mailsec::srs
