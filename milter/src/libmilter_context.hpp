// Context over libmilter's SMFICTX: each action is the matching smfi_* call
// (milter.md 1.4), after the checks of Context.
#pragma once

#include <libmilter/mfapi.h>

#include "mailsec/milter/context.hpp"

namespace mailsec::milter::detail {

class LibmilterContext final : public Context {
public:
    explicit LibmilterContext(SMFICTX* ctx) : ctx_(ctx) {}

private:
    std::optional<std::string_view> do_macro(std::string_view name) const override;
    bool do_set_reply(std::string_view code, std::optional<std::string_view> xcode,
                      const std::vector<std::string>& lines) override;
    bool do_add_header(std::string_view name, std::string_view value) override;
    bool do_insert_header(std::size_t index, std::string_view name, std::string_view value) override;
    bool do_change_header(std::string_view name, std::size_t index, std::optional<std::string_view> value) override;
    bool do_add_recipient(std::string_view rcpt, std::optional<std::string_view> esmtp) override;
    bool do_delete_recipient(std::string_view rcpt) override;
    bool do_replace_body(std::string_view chunk) override;
    bool do_change_sender(std::string_view from, std::optional<std::string_view> esmtp) override;
    bool do_quarantine(std::string_view reason) override;
    bool do_progress() override;
    bool do_set_macro_list(MacroStage stage, std::string_view names) override;

    SMFICTX* ctx_;
};

}  // namespace mailsec::milter::detail
