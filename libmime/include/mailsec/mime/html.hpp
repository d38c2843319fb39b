// mailsec::mime HTML script removal — the scan_html check of pymilter's defang:
// every <script>...</script> becomes a comment, everything else passes verbatim.
//
//   auto cleaned = mime::remove_scripts(html);
//   if (!cleaned) replace_part();                  // "unparsable-html"
//   else if (cleaned->removed > 0) store(cleaned->html);
//
// Works on bytes: the charset is never decoded (pymilter decodes as UTF-8 whatever
// the charset, which corrupts other charsets).
#pragma once

#include <string>
#include <string_view>

#include "mailsec/core/result.hpp"

namespace mailsec::mime {

inline constexpr std::string_view script_removed_comment = "<!-- WARNING: embedded script removed -->";

struct ScriptRemoval {
    std::string html;
    int removed = 0;
};

// Error "unparsable-html": a <script> that never closes.
core::Result<ScriptRemoval> remove_scripts(std::string_view html);

}  // namespace mailsec::mime
