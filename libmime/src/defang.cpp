// defang: pymilter's walk (dns-mime.md B1) with mailsec's decisions (B4): every
// parameter checked, encoded message/rfc822 parts decoded and rescanned, zips
// opened to a bounded depth.
#include "mailsec/mime/defang.hpp"

#include <algorithm>

#include "mailsec/core/ascii.hpp"
#include "mailsec/mime/html.hpp"
#include "mailsec/mime/zip.hpp"
#include "zip_walk.hpp"

namespace mailsec::mime {

namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
        text.replace(pos, from.size(), to);
}

std::string warning_text(const DefangPolicy& policy, const std::string& name) {
    std::string out;
    std::string_view rest = policy.warning_template;
    while (!rest.empty()) {
        auto end = rest.find('\n');
        std::string_view line = rest.substr(0, end == std::string_view::npos ? rest.size() : end + 1);
        rest.remove_prefix(line.size());
        if (!policy.saved_as && line.find("{saved}") != std::string_view::npos) continue;
        out.append(line);
    }
    replace_all(out, "{host}", policy.hostname);
    replace_all(out, "{saved}", policy.saved_as.value_or(""));
    replace_all(out, "{name}", name);
    return out;
}

bool is_blank(std::string_view bytes) {
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return core::is_ascii_space(c); });
}

bool under(std::string_view path, const std::vector<std::string>& prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) {
        return path.size() > p.size() && path.starts_with(p) && path[p.size()] == '.';
    });
}

class Defanger {
public:
    Defanger(const DefangPolicy& policy, DefangResult& result) : policy_(policy), result_(result) {}
    bool run(Message& message, const std::string& prefix, int depth);

private:
    std::optional<DefangHit> name_hit(const Message& message, const Part& part) const;
    std::optional<DefangHit> zip_hit(const Message& message, const Part& part, const std::string& zip_name) const;
    bool replace(Message& message, const Part& part, DefangHit hit, const std::string& prefix);
    bool scan_embedded(Message& message, const Part& part, const std::string& prefix, int depth);
    bool scan_html(Message& message, const Part& part, const std::string& prefix);
    bool is_html(const Message& message, const Part& part) const;

    const DefangPolicy& policy_;
    DefangResult& result_;
};

bool Defanger::run(Message& message, const std::string& prefix, int depth) {
    bool changed = false;
    std::vector<std::string> skipped;  // replaced parts, and message/rfc822 parts when not scanned
    for (const Part& part : message.parts()) {
        if (under(part.path, skipped) || part.kind == PartKind::Multipart) continue;
        if (part.kind == PartKind::Message && !policy_.scan_rfc822) skipped.push_back(part.path);
        if (auto hit = name_hit(message, part)) {
            changed |= replace(message, part, std::move(*hit), prefix);
            skipped.push_back(part.path);
            continue;
        }
        if (part.encoded_message && policy_.scan_rfc822) changed |= scan_embedded(message, part, prefix, depth);
        if (policy_.scan_html && part.kind == PartKind::Leaf && is_html(message, part))
            changed |= scan_html(message, part, prefix);
    }
    return changed;
}

std::optional<DefangHit> Defanger::name_hit(const Message& message, const Part& part) const {
    auto names = message.names(part);
    for (const auto& name : names)
        if (has_banned_extension(name.value, policy_.banned_extensions))
            return DefangHit{part.path, name.value, name.value, DefangReason::BannedName};
    if (!policy_.scan_zip || part.kind != PartKind::Leaf) return std::nullopt;
    for (const auto& name : names)
        if (is_zip_name(name.value)) return zip_hit(message, part, name.value);
    return std::nullopt;
}

std::optional<DefangHit> Defanger::zip_hit(const Message& message, const Part& part, const std::string& zip_name) const {
    auto bytes = message.content(part.path);
    if (!bytes || is_blank(*bytes)) return std::nullopt;  // pymilter skips a blank zip (zip2)
    std::optional<DefangHit> hit;
    ZipOptions options{policy_.max_zip_depth, policy_.max_zip_member_bytes, true};
    auto status = detail::walk_zip(*bytes, options, [&](const ZipMember& member) {
        if (!has_banned_extension(member.name, policy_.banned_extensions)) return true;
        hit = DefangHit{part.path, member.name, zip_name, DefangReason::BannedZipMember};
        return false;
    });
    if (!hit && !status)  // an EXE renamed .zip, an encrypted or too-deep nested zip
        hit = DefangHit{part.path, status.error().code, zip_name, DefangReason::BadZip};
    return hit;
}

bool Defanger::replace(Message& message, const Part& part, DefangHit hit, const std::string& prefix) {
    auto status = message.replace_with_text(part.path, warning_text(policy_, hit.reported_name), policy_.warning_filename);
    hit.path = prefix + hit.path;
    result_.hits.push_back(std::move(hit));
    return status.ok();
}

bool Defanger::scan_embedded(Message& message, const Part& part, const std::string& prefix, int depth) {
    std::string name = part.filename.value_or("message");
    if (depth + 1 > policy_.max_message_depth)
        return replace(message, part, DefangHit{part.path, name, name, DefangReason::TooDeep}, prefix);
    auto inner = message.embedded_message(part.path);
    if (!inner) {
        if (inner.error().code != "too-deep") return false;
        return replace(message, part, DefangHit{part.path, name, name, DefangReason::TooDeep}, prefix);
    }
    if (!run(*inner, prefix + part.path + "/", depth + 1)) return false;
    return message.set_embedded_message(part.path, *inner).ok();
}

bool Defanger::is_html(const Message& message, const Part& part) const {
    if (part.content_type == "text/html") return true;
    if (part.content_type != "application/octet-stream") return false;
    auto names = message.names(part);
    return std::any_of(names.begin(), names.end(), [](const Name& n) {
        return core::iends_with(n.value, ".htm") || core::iends_with(n.value, ".html");
    });
}

bool Defanger::scan_html(Message& message, const Part& part, const std::string& prefix) {
    auto html = message.content(part.path);
    if (!html) return false;
    auto cleaned = remove_scripts(*html);
    std::string name = part.filename.value_or(part.content_type);
    if (!cleaned)
        return replace(message, part, DefangHit{part.path, name, name, DefangReason::UnparsableHtml}, prefix);
    if (cleaned->removed == 0) return false;
    result_.hits.push_back(DefangHit{prefix + part.path, "<script>", name, DefangReason::ScriptRemoved});
    return message.set_content(part.path, cleaned->html, "quoted-printable").ok();
}

}  // namespace

DefangResult defang(Message& message, const DefangPolicy& policy) {
    DefangResult result;
    Defanger defanger(policy, result);
    result.modified = defanger.run(message, "", 0);
    return result;
}

}  // namespace mailsec::mime
