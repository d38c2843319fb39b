// Message: writing back. An unmodified message is never written through GMime,
// whose writer changes broken input (dns-mime.md B3: `bound` loses two lines).
#include <map>

#include "mailsec/core/ascii.hpp"
#include "message_impl.hpp"
#include "newline.hpp"

namespace mailsec::mime {

std::string Message::Impl::serialize(Newline nl) const {
    detail::FormatOptionsPtr format(g_mime_format_options_new());
    g_mime_format_options_set_newline_format(
        format.get(), nl == Newline::Crlf ? GMIME_NEWLINE_FORMAT_DOS : GMIME_NEWLINE_FORMAT_UNIX);
    detail::GObjectPtr<GMimeStream> out(g_mime_stream_mem_new());
    g_mime_object_write_to_stream(GMIME_OBJECT(message.get()), format.get(), out.get());
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::string Message::write() const {
    if (!impl_->modified) return impl_->envelope_raw + impl_->original;
    return impl_->envelope_raw + impl_->serialize(impl_->newline);
}

std::string Message::write(Newline newline) const {
    if (!impl_->modified) return detail::convert(impl_->original, newline);
    return impl_->serialize(newline);
}

std::string Message::body(Newline newline) const {
    std::string whole = write(newline);
    return whole.substr(detail::body_offset(whole));
}

namespace {

bool same(const Header& a, const Header& b) { return core::iequals(a.name, b.name) && a.value == b.value; }

// Longest common subsequence of two header lists: the headers both keep.
std::vector<std::vector<int>> lcs_table(const std::vector<Header>& a, const std::vector<Header>& b) {
    std::vector<std::vector<int>> t(a.size() + 1, std::vector<int>(b.size() + 1, 0));
    for (std::size_t i = a.size(); i-- > 0;)
        for (std::size_t j = b.size(); j-- > 0;)
            t[i][j] = same(a[i], b[j]) ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
    return t;
}

// Occurrence index (1-based, case-insensitive name) of each original header.
std::vector<int> occurrence_indexes(const std::vector<Header>& headers) {
    std::map<std::string, int> seen;
    std::vector<int> out;
    for (const auto& h : headers) out.push_back(++seen[core::to_lower(h.name)]);
    return out;
}

// Past this many headers the quadratic table is skipped: everything is replaced.
constexpr std::size_t max_diff_headers = 2000;

}  // namespace

std::vector<HeaderChange> Message::top_header_changes() const {
    if (!impl_->modified) return {};
    auto before = detail::parse_header_block(detail::to_lf(impl_->original));
    auto after = detail::parse_header_block(impl_->serialize(Newline::Lf));
    std::vector<bool> kept_before(before.size(), false), kept_after(after.size(), false);
    if (before.size() <= max_diff_headers && after.size() <= max_diff_headers) {
        auto t = lcs_table(before, after);
        for (std::size_t i = 0, j = 0; i < before.size() && j < after.size();) {
            if (same(before[i], after[j])) {
                kept_before[i++] = kept_after[j++] = true;
            } else if (t[i + 1][j] >= t[i][j + 1]) {
                ++i;
            } else {
                ++j;
            }
        }
    }
    auto index = occurrence_indexes(before);
    std::vector<HeaderChange> changes;
    for (std::size_t i = before.size(); i-- > 0;)  // highest index first keeps the rest valid
        if (!kept_before[i])
            changes.push_back(HeaderChange{HeaderChange::Action::Delete, before[i].name, "", index[i]});
    for (std::size_t j = 0; j < after.size(); ++j)
        if (!kept_after[j]) changes.push_back(HeaderChange{HeaderChange::Action::Add, after[j].name, after[j].value, 0});
    return changes;
}

}  // namespace mailsec::mime
