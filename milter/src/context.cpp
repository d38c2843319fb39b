// Context: the checks every action goes through (milter.md 2.4) before the
// transport (libmilter or the test recorder) sees it.
#include "mailsec/milter/context.hpp"

#include "checks.hpp"

namespace mailsec::milter {

namespace {

void usage_if(const std::string& problem, std::string_view action) {
    if (!problem.empty()) throw UsageError(std::string(action) + ": " + problem);
}

void failed_if(bool ok, std::string_view action) {
    if (!ok) throw ActionFailed(std::string(action) + ": libmilter answered MI_FAILURE");
}

}  // namespace

void Context::require(std::string_view action, Stage needed, Actions bit) const {
    if (stage_ != needed)
        throw UsageError(std::string(action) + " is allowed only in " + std::string(to_string(needed)) +
                         ", not in " + std::string(to_string(stage_)));
    if (bit != Actions::None && !has(actions_, bit))
        throw UsageError(std::string(action) + " in " + std::string(to_string(stage_)) + " needs action " +
                         describe(bit) + ", which was not negotiated (negotiated: " + describe(actions_) + ")");
}

void Context::check_not_connect(std::string_view action) const {
    // libmilter documents smfi_setreply as usable in every callback but connect (1.4).
    if (stage_ == Stage::Connect)
        throw UsageError(std::string(action) + " is not allowed in connect (libmilter ignores it there)");
}

void Context::enter(Stage stage) {
    stage_ = stage;
    if (stage == Stage::Eom) body_ended_cr_ = false;
}

std::optional<std::string_view> Context::macro(std::string_view name) const { return do_macro(name); }

void Context::set_reply(std::string_view code, std::string_view xcode, std::vector<std::string> lines) {
    check_not_connect("set_reply");
    usage_if(detail::check_reply(code, xcode, lines), "set_reply");
    std::optional<std::string_view> x;
    if (!xcode.empty()) x = xcode;
    failed_if(do_set_reply(code, x, lines), "set_reply");
}

void Context::add_header(std::string_view name, std::string_view value) {
    require("add_header", Stage::Eom, Actions::AddHeaders);
    usage_if(detail::check_header_name(name), "add_header");
    usage_if(detail::check_header_value(value), "add_header");
    failed_if(do_add_header(name, value), "add_header");
}

void Context::insert_header(std::size_t index, std::string_view name, std::string_view value) {
    require("insert_header", Stage::Eom, Actions::AddHeaders);
    usage_if(detail::check_header_name(name), "insert_header");
    usage_if(detail::check_header_value(value), "insert_header");
    failed_if(do_insert_header(index, name, value), "insert_header");
}

void Context::change_header(std::string_view name, std::size_t index, std::string_view value) {
    require("change_header", Stage::Eom, Actions::ChangeHeaders);
    usage_if(detail::check_header_name(name), "change_header");
    if (index == 0) throw UsageError("change_header: index is 1-based");
    // An empty value deletes on the wire (1.4): make that explicit.
    if (value.empty()) throw UsageError("change_header: empty value would delete the header; use delete_header");
    usage_if(detail::check_header_value(value), "change_header");
    failed_if(do_change_header(name, index, value), "change_header");
}

void Context::delete_header(std::string_view name, std::size_t index) {
    require("delete_header", Stage::Eom, Actions::ChangeHeaders);
    usage_if(detail::check_header_name(name), "delete_header");
    if (index == 0) throw UsageError("delete_header: index is 1-based");
    failed_if(do_change_header(name, index, std::nullopt), "delete_header");
}

void Context::add_recipient(std::string_view rcpt, std::optional<std::string_view> esmtp) {
    require("add_recipient", Stage::Eom, esmtp ? Actions::AddRcptParams : Actions::AddRcpt);
    usage_if(detail::check_address(rcpt), "add_recipient");
    if (esmtp) usage_if(detail::check_single_line("ESMTP parameters", *esmtp), "add_recipient");
    failed_if(do_add_recipient(rcpt, esmtp), "add_recipient");
}

void Context::delete_recipient(std::string_view rcpt) {
    require("delete_recipient", Stage::Eom, Actions::DeleteRcpt);
    usage_if(detail::check_address(rcpt), "delete_recipient");
    failed_if(do_delete_recipient(rcpt), "delete_recipient");
}

void Context::replace_body(std::string_view chunk) {
    require("replace_body", Stage::Eom, Actions::ChangeBody);
    for (std::size_t i = 0; i < chunk.size(); ++i) {
        bool after_cr = i == 0 ? body_ended_cr_ : chunk[i - 1] == '\r';
        if (chunk[i] == '\n' && !after_cr)
            throw UsageError("replace_body: bare LF at offset " + std::to_string(i) + " (the body must use CRLF)");
    }
    if (!chunk.empty()) body_ended_cr_ = chunk.back() == '\r';
    failed_if(do_replace_body(chunk), "replace_body");
}

void Context::change_sender(std::string_view from, std::optional<std::string_view> esmtp) {
    require("change_sender", Stage::Eom, Actions::ChangeFrom);
    usage_if(detail::check_address(from), "change_sender");
    if (esmtp) usage_if(detail::check_single_line("ESMTP parameters", *esmtp), "change_sender");
    failed_if(do_change_sender(from, esmtp), "change_sender");
}

void Context::quarantine(std::string_view reason) {
    require("quarantine", Stage::Eom, Actions::Quarantine);
    if (reason.empty()) throw UsageError("quarantine: the reason is empty");
    usage_if(detail::check_single_line("quarantine reason", reason), "quarantine");
    failed_if(do_quarantine(reason), "quarantine");
}

void Context::progress() {
    require("progress", Stage::Eom, Actions::None);
    failed_if(do_progress(), "progress");
}

void Context::set_macro_list(MacroStage stage, const std::vector<std::string>& names) {
    require("set_macro_list", Stage::Negotiate, Actions::SetSymList);
    unsigned bit = 1u << static_cast<unsigned>(stage);
    if (macro_lists_set_ & bit)
        throw UsageError("set_macro_list: the list for " + std::string(to_string(stage)) + " was already set");
    std::string joined;
    for (const auto& n : names) {
        if (n.empty() || n.find_first_of(" \t\r\n") != std::string::npos)
            throw UsageError("set_macro_list: bad macro name \"" + n + "\"");
        if (!joined.empty()) joined += ' ';
        joined += n;
    }
    failed_if(do_set_macro_list(stage, joined), "set_macro_list");
    macro_lists_set_ |= bit;
}

}  // namespace mailsec::milter
