// mailsec::milter::Context: what a filter may do during a callback (milter.md 2.1,
// 2.4). One Context per MTA connection; the libmilter adapter and
// milter::testing::Context both implement it and share every check:
//   - modifications only in eom, set_macro_list only in negotiate, set_reply not in connect;
//   - the action's bit must have been negotiated;
//   - arguments as the MTA needs them (header names, folding, <addr> form, reply rules 1.5).
// A violation throws UsageError; an MI_FAILURE from libmilter throws ActionFailed.
// Both go through the filter's exception policy (2.5) like any other exception.
//
//   Status MyFilter::eom(Context& ctx) {
//       if (auto id = ctx.queue_id()) ctx.add_header("X-Seen", std::string(*id));
//       return Status::Continue;
//   }
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/milter/types.hpp"

namespace mailsec::milter {

namespace detail {
class Session;
}

class Context {
public:
    virtual ~Context() = default;
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    // Macro lookup as libmilter does it (1.7): "i" and "{i}" are the same name.
    std::optional<std::string_view> macro(std::string_view name) const;
    std::optional<std::string_view> queue_id() const { return macro("i"); }

    // SMTP reply for this filter's next REJECT/TEMPFAIL (1.5). code 4xx/5xx; xcode
    // "" for none or C.x.y with C matching the code's class; 0..32 lines of ≤ 980
    // octets without CR, LF or a lone '%'. Several lines give a multi-line reply.
    void set_reply(std::string_view code, std::string_view xcode, std::vector<std::string> lines);

    void add_header(std::string_view name, std::string_view value);
    // index 0 = top of the header.
    void insert_header(std::size_t index, std::string_view name, std::string_view value);
    // index is 1-based among the headers of that name; an empty value is refused
    // (use delete_header).
    void change_header(std::string_view name, std::size_t index, std::string_view value);
    void delete_header(std::string_view name, std::size_t index);
    // rcpt in "<a@b>" form; esmtp parameters need ADDRCPT_PAR.
    void add_recipient(std::string_view rcpt, std::optional<std::string_view> esmtp = {});
    void delete_recipient(std::string_view rcpt);
    // CRLF line ends; repeatable: the chunks together replace the whole body.
    void replace_body(std::string_view chunk);
    void change_sender(std::string_view from, std::optional<std::string_view> esmtp = {});
    void quarantine(std::string_view reason);
    void progress();
    // Negotiate only, with SETSYMLIST offered; once per stage; empty = no macros.
    void set_macro_list(MacroStage stage, const std::vector<std::string>& names);

    Actions actions() const { return actions_; }
    Steps steps() const { return steps_; }
    Stage stage() const { return stage_; }

protected:
    Context() = default;

    // The transport: libmilter calls, or the test context's recorder. Each returns
    // false where libmilter would answer MI_FAILURE. Arguments are already checked.
    virtual std::optional<std::string_view> do_macro(std::string_view name) const = 0;
    virtual bool do_set_reply(std::string_view code, std::optional<std::string_view> xcode,
                              const std::vector<std::string>& lines) = 0;
    virtual bool do_add_header(std::string_view name, std::string_view value) = 0;
    virtual bool do_insert_header(std::size_t index, std::string_view name, std::string_view value) = 0;
    // value nullopt deletes.
    virtual bool do_change_header(std::string_view name, std::size_t index,
                                  std::optional<std::string_view> value) = 0;
    virtual bool do_add_recipient(std::string_view rcpt, std::optional<std::string_view> esmtp) = 0;
    virtual bool do_delete_recipient(std::string_view rcpt) = 0;
    virtual bool do_replace_body(std::string_view chunk) = 0;
    virtual bool do_change_sender(std::string_view from, std::optional<std::string_view> esmtp) = 0;
    virtual bool do_quarantine(std::string_view reason) = 0;
    virtual bool do_progress() = 0;
    virtual bool do_set_macro_list(MacroStage stage, std::string_view names) = 0;

private:
    friend class detail::Session;
    void require(std::string_view action, Stage stage_needed, Actions bit) const;
    void check_not_connect(std::string_view action) const;
    void enter(Stage stage);  // called by the dispatcher before each callback

    Actions actions_ = Actions::None;
    Steps steps_ = Steps::None;
    Stage stage_ = Stage::Negotiate;
    bool body_ended_cr_ = false;      // replace_body chunk boundary inside a CRLF
    unsigned macro_lists_set_ = 0;    // bit per MacroStage already set
};

}  // namespace mailsec::milter
