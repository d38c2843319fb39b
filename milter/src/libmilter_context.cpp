// LibmilterContext: the smfi_* calls behind each action (milter.md 1.4).
#include "libmilter_context.hpp"

#include <array>
#include <climits>
#include <string>

namespace mailsec::milter::detail {

namespace {

constexpr bool ok(int r) { return r == MI_SUCCESS; }

// libmilter's API takes char* it does not modify; give it NUL-terminated copies.
std::string z(std::string_view s) { return std::string(s); }

int as_int(std::size_t n) { return n > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(n); }

}  // namespace

std::optional<std::string_view> LibmilterContext::do_macro(std::string_view name) const {
    std::string n = z(name);
    const char* v = smfi_getsymval(ctx_, n.data());
    if (v == nullptr) return std::nullopt;
    return std::string_view(v);  // owned by libmilter until the stage's macros are replaced
}

bool LibmilterContext::do_set_reply(std::string_view code, std::optional<std::string_view> xcode,
                                    const std::vector<std::string>& lines) {
    std::string c = z(code);
    std::string x = xcode ? z(*xcode) : std::string();
    char* xp = xcode ? x.data() : nullptr;
    if (lines.size() <= 1) {
        std::string text = lines.empty() ? std::string() : lines.front();
        return ok(smfi_setreply(ctx_, c.data(), xp, lines.empty() ? nullptr : text.data()));
    }
    // smfi_setmlreply is variadic and stops at the first NULL: pass all 32 slots.
    std::array<const char*, 33> l{};
    for (std::size_t i = 0; i < lines.size() && i < 32; ++i) l[i] = lines[i].c_str();
    return ok(smfi_setmlreply(ctx_, c.c_str(), xp, l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7], l[8], l[9],
                              l[10], l[11], l[12], l[13], l[14], l[15], l[16], l[17], l[18], l[19], l[20], l[21],
                              l[22], l[23], l[24], l[25], l[26], l[27], l[28], l[29], l[30], l[31], l[32]));
}

bool LibmilterContext::do_add_header(std::string_view name, std::string_view value) {
    std::string n = z(name), v = z(value);
    return ok(smfi_addheader(ctx_, n.data(), v.data()));
}

bool LibmilterContext::do_insert_header(std::size_t index, std::string_view name, std::string_view value) {
    std::string n = z(name), v = z(value);
    return ok(smfi_insheader(ctx_, as_int(index), n.data(), v.data()));
}

bool LibmilterContext::do_change_header(std::string_view name, std::size_t index,
                                        std::optional<std::string_view> value) {
    std::string n = z(name), v = value ? z(*value) : std::string();
    return ok(smfi_chgheader(ctx_, n.data(), as_int(index), value ? v.data() : nullptr));
}

bool LibmilterContext::do_add_recipient(std::string_view rcpt, std::optional<std::string_view> esmtp) {
    std::string r = z(rcpt);
    if (!esmtp) return ok(smfi_addrcpt(ctx_, r.data()));
    std::string a = z(*esmtp);
    return ok(smfi_addrcpt_par(ctx_, r.data(), a.data()));
}

bool LibmilterContext::do_delete_recipient(std::string_view rcpt) {
    std::string r = z(rcpt);
    return ok(smfi_delrcpt(ctx_, r.data()));
}

bool LibmilterContext::do_replace_body(std::string_view chunk) {
    // smfi_replacebody takes an int length: feed large bodies in pieces (it appends).
    constexpr std::size_t kPiece = 1 << 20;
    for (std::size_t off = 0; off < chunk.size() || off == 0; off += kPiece) {
        std::string piece(chunk.substr(off, kPiece));
        if (!ok(smfi_replacebody(ctx_, reinterpret_cast<unsigned char*>(piece.data()), as_int(piece.size()))))
            return false;
        if (chunk.empty()) break;
    }
    return true;
}

bool LibmilterContext::do_change_sender(std::string_view from, std::optional<std::string_view> esmtp) {
    std::string f = z(from), a = esmtp ? z(*esmtp) : std::string();
    return ok(smfi_chgfrom(ctx_, f.data(), esmtp ? a.data() : nullptr));
}

bool LibmilterContext::do_quarantine(std::string_view reason) {
    std::string r = z(reason);
    return ok(smfi_quarantine(ctx_, r.data()));
}

bool LibmilterContext::do_progress() { return ok(smfi_progress(ctx_)); }

bool LibmilterContext::do_set_macro_list(MacroStage stage, std::string_view names) {
    std::string n = z(names);
    return ok(smfi_setsymlist(ctx_, static_cast<int>(stage), n.data()));
}

}  // namespace mailsec::milter::detail
