// RecordingContext: records each action and applies it to the message model as the
// MTA would (milter.md 1.4, 1.6).
#include "mailsec/core/ascii.hpp"
#include "testing_impl.hpp"

namespace mailsec::milter::testing {

Action& RecordingContext::record(Action::Kind kind, std::string_view name) {
    impl_.actions.push_back(Action{kind, stage(), std::string(name), 0, std::nullopt, std::nullopt, {}});
    return impl_.actions.back();
}

std::optional<std::string_view> RecordingContext::do_macro(std::string_view name) const { return impl_.lookup(name); }

bool RecordingContext::do_set_reply(std::string_view code, std::optional<std::string_view> xcode,
                                    const std::vector<std::string>& lines) {
    Action& a = record(Action::SetReply, code);
    if (xcode) a.value = std::string(*xcode);
    a.lines = lines;
    impl_.pending_reply = PendingReply{std::string(code), a.value, lines};
    return true;
}

bool RecordingContext::do_add_header(std::string_view name, std::string_view value) {
    record(Action::AddHeader, name).value = std::string(value);
    impl_.headers.push_back(Header{std::string(name), std::string(value)});
    return true;
}

bool RecordingContext::do_insert_header(std::size_t index, std::string_view name, std::string_view value) {
    Action& a = record(Action::InsertHeader, name);
    a.index = index;
    a.value = std::string(value);
    auto pos = impl_.headers.begin() + static_cast<std::ptrdiff_t>(std::min(index, impl_.headers.size()));
    impl_.headers.insert(pos, Header{std::string(name), std::string(value)});
    return true;
}

// idx counts headers of that name (1-based); past the last one a change adds (1.4).
bool RecordingContext::do_change_header(std::string_view name, std::size_t index,
                                        std::optional<std::string_view> value) {
    Action& a = record(value ? Action::ChangeHeader : Action::DeleteHeader, name);
    a.index = index;
    if (value) a.value = std::string(*value);
    std::size_t seen = 0;
    for (auto it = impl_.headers.begin(); it != impl_.headers.end(); ++it) {
        if (!core::iequals(it->name, name) || ++seen != index) continue;
        if (value) it->value = std::string(*value);
        else impl_.headers.erase(it);
        return true;
    }
    if (value) impl_.headers.push_back(Header{std::string(name), std::string(*value)});
    return true;
}

bool RecordingContext::do_add_recipient(std::string_view rcpt, std::optional<std::string_view> esmtp) {
    Action& a = record(Action::AddRecipient, rcpt);
    if (esmtp) a.esmtp = std::string(*esmtp);
    impl_.recipients.emplace_back(rcpt);
    return true;
}

bool RecordingContext::do_delete_recipient(std::string_view rcpt) {
    record(Action::DeleteRecipient, rcpt);
    std::erase(impl_.recipients, std::string(rcpt));  // must equal a string given to envrcpt
    return true;
}

bool RecordingContext::do_replace_body(std::string_view chunk) {
    record(Action::ReplaceBody, "").value = std::string(chunk);
    if (!impl_.new_body) impl_.new_body.emplace();
    impl_.new_body->append(chunk);
    return true;
}

bool RecordingContext::do_change_sender(std::string_view from, std::optional<std::string_view> esmtp) {
    Action& a = record(Action::ChangeSender, from);
    if (esmtp) a.esmtp = std::string(*esmtp);
    impl_.sender = std::string(from);
    return true;
}

bool RecordingContext::do_quarantine(std::string_view reason) {
    record(Action::Quarantine, "").value = std::string(reason);
    impl_.quarantine = std::string(reason);
    return true;
}

bool RecordingContext::do_progress() {
    record(Action::Progress, "");
    ++impl_.progress;
    return true;
}

bool RecordingContext::do_set_macro_list(MacroStage stage, std::string_view names) {
    record(Action::SetMacroList, to_string(stage)).value = std::string(names);
    auto& list = impl_.macro_lists[stage];
    list.clear();
    std::size_t pos = 0;
    while (pos < names.size()) {
        auto end = names.find(' ', pos);
        if (end == std::string_view::npos) end = names.size();
        if (end > pos) list.emplace_back(names.substr(pos, end - pos));
        pos = end + 1;
    }
    return true;
}

}  // namespace mailsec::milter::testing
