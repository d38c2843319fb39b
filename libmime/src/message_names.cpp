// Message::names: every name a part carries (pymilter checks each of them).
#include <algorithm>

#include "mailsec/core/ascii.hpp"
#include "mailsec/mime/zip.hpp"
#include "message_impl.hpp"

namespace mailsec::mime {

namespace {

void add_unique(std::vector<Name>& out, std::string origin, std::string value) {
    auto same = [&](const Name& n) { return n.origin == origin && n.value == value; };
    if (std::none_of(out.begin(), out.end(), same)) out.push_back(Name{std::move(origin), std::move(value)});
}

bool is_blank(std::string_view bytes) {
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return core::is_ascii_space(c); });
}

}  // namespace

std::vector<Name> Message::names(const Part& part, const NameOptions& options) const {
    std::vector<Name> out;
    for (const auto& p : part.type_parameters) add_unique(out, p.name, p.value);
    for (const auto& p : part.disposition_parameters) add_unique(out, p.name, p.value);
    if (part.filename) add_unique(out, "filename", *part.filename);
    if (!options.scan_zip || part.kind != PartKind::Leaf) return out;
    bool zip = std::any_of(out.begin(), out.end(), [](const Name& n) { return is_zip_name(n.value); });
    if (!zip) return out;
    auto bytes = content(part.path);
    if (!bytes || is_blank(*bytes)) return out;
    auto members = list_zip(*bytes, ZipOptions{options.max_zip_depth, options.max_zip_member_bytes, true});
    if (!members) return out;  // not listable: the names stop here (defang counts it as a hit)
    for (const auto& m : *members) out.push_back(Name{"zip member", m.name});
    return out;
}

}  // namespace mailsec::mime
