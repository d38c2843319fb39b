// The banned-extension list and test (dns-mime.md B2, B4).
#include "mailsec/core/ascii.hpp"
#include "mailsec/mime/defang.hpp"

namespace mailsec::mime {

const std::vector<std::string>& default_banned_extensions() {
    static const std::vector<std::string> list{
        "ade", "adp", "asd", "asx", "asp", "bas", "bat", "chm", "cmd", "com", "cpl", "crt", "dll", "exe",
        "hlp", "hta", "inf", "ins", "isp", "js",  "jse", "lnk", "mdb", "mde", "msc", "msi", "msp", "mst",
        "ocx", "pcd", "pif", "reg", "scr", "sct", "shs", "url", "vb",  "vbe", "vbs", "wsc", "wsf", "wsh"};
    return list;
}

bool has_banned_extension(std::string_view name, const std::vector<std::string>& banned_extensions) {
    // Windows ignores trailing dots and blanks: "virus.exe . " runs as virus.exe.
    while (!name.empty() && (name.back() == '.' || core::is_ascii_space(name.back()))) name.remove_suffix(1);
    for (const auto& ext : banned_extensions) {
        std::string_view e(ext);
        if (e.starts_with('.')) e.remove_prefix(1);
        if (e.empty() || name.size() <= e.size()) continue;
        if (name[name.size() - e.size() - 1] == '.' && core::iends_with(name, e)) return true;
    }
    return false;
}

std::string_view to_string(DefangReason reason) {
    switch (reason) {
    case DefangReason::BannedName: return "banned-name";
    case DefangReason::BannedZipMember: return "banned-zip-member";
    case DefangReason::BadZip: return "bad-zip";
    case DefangReason::TooDeep: return "too-deep";
    case DefangReason::ScriptRemoved: return "script-removed";
    case DefangReason::UnparsableHtml: return "unparsable-html";
    }
    return "unknown";
}

}  // namespace mailsec::mime
