// Script removal for scan_html: a byte-level scan, so every charset survives.
#include "mailsec/mime/html.hpp"

#include "mailsec/core/ascii.hpp"

namespace mailsec::mime {

namespace {

// Case-insensitive find of a tag opener ("<script", "</script") followed by a
// character that ends the tag name.
std::size_t find_tag(std::string_view html, std::string_view opener, std::size_t from) {
    for (std::size_t pos = from; pos + opener.size() <= html.size(); ++pos) {
        if (html[pos] != '<' || !core::iequals(html.substr(pos, opener.size()), opener)) continue;
        std::size_t after = pos + opener.size();
        if (after == html.size()) return pos;
        char c = html[after];
        if (c == '>' || c == '/' || core::is_ascii_space(c)) return pos;
    }
    return std::string_view::npos;
}

}  // namespace

core::Result<ScriptRemoval> remove_scripts(std::string_view html) {
    ScriptRemoval out;
    std::size_t pos = 0;
    while (true) {
        std::size_t start = find_tag(html, "<script", pos);
        if (start == std::string_view::npos) break;
        std::size_t close = find_tag(html, "</script", start);
        std::size_t end = close == std::string_view::npos ? close : html.find('>', close);
        if (end == std::string_view::npos)
            return core::make_error("unparsable-html", "a <script> element never closes");
        out.html.append(html.substr(pos, start - pos));
        out.html.append(script_removed_comment);
        ++out.removed;
        pos = end + 1;
    }
    out.html.append(html.substr(pos));
    return out;
}

}  // namespace mailsec::mime
