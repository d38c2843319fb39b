// Walking a zip archive's members (libzip), nested zips included, with a visitor
// that may stop early: defang stops at the first banned member.
#pragma once

#include <functional>
#include <string_view>

#include "mailsec/core/result.hpp"
#include "mailsec/mime/zip.hpp"

namespace mailsec::mime::detail {

// visit returns false to stop the walk (the result is then success).
core::Status walk_zip(std::string_view bytes, const ZipOptions& options,
                      const std::function<bool(const ZipMember&)>& visit);

}  // namespace mailsec::mime::detail
