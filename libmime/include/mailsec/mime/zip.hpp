// mailsec::mime zip listing — member names of a zip archive held in memory (libzip),
// nested zips opened up to a depth limit, for attachment-name checks.
//
//   auto members = mime::list_zip(bytes, {.max_depth = 3});
//   if (!members) bad_zip(members.error().code);     // "not-a-zip", "encrypted", ...
//   else for (const auto& m : *members) check(m.name);   // "t.zip/virus.exe"
//
// Errors: "not-a-zip" (libzip cannot open it: an EXE renamed .zip), "too-deep"
// (nesting beyond max_depth), "too-large" (a nested zip over max_member_bytes),
// "unreadable" (a nested zip that cannot be read: encrypted or damaged).
// Reentrant; no state is shared between calls.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/core/result.hpp"

namespace mailsec::mime {

struct ZipOptions {
    int max_depth = 3;                                   // 1 = no nested zip is opened
    std::size_t max_member_bytes = 16 * 1024 * 1024;     // nested zips larger than this are an error
    bool open_nested = true;
};

struct ZipMember {
    std::string name;   // raw name; members of nested zips prefixed "outer.zip/"
    int depth = 1;      // 1 = top archive
    std::size_t size = 0;
};

core::Result<std::vector<ZipMember>> list_zip(std::string_view bytes, const ZipOptions& options = {});

// True when `name` ends in ".zip" (case-insensitive, trailing dots/blanks ignored).
bool is_zip_name(std::string_view name);

}  // namespace mailsec::mime
