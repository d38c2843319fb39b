// State behind milter::testing::Context (milter.md 2.7): the recording Context the
// filter acts on, the message model the actions edit, the macro tables and the
// SMTP-order state machine.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mailsec/milter/testing.hpp"
#include "session.hpp"

namespace mailsec::milter::testing {

struct PendingReply {
    std::string code;
    std::optional<std::string> xcode;
    std::vector<std::string> lines;
};

// The Context a filter sees under test: records each action and applies it to the
// message model.
class RecordingContext final : public milter::Context {
public:
    explicit RecordingContext(testing::Context::Impl& impl) : impl_(impl) {}

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

    Action& record(Action::Kind kind, std::string_view name);
    testing::Context::Impl& impl_;
};

struct Context::Impl {
    Impl(FilterFactory f, Options o);

    // Macros (1.7): what the filter can see now.
    void send_macros(MacroStage stage);
    std::optional<std::string_view> lookup(std::string_view name) const;

    // SMTP order (2.7 b).
    enum class Phase { Idle, Mail, Rcpt, Data, Headers, Eoh, Body };
    void check(Stage stage, bool allowed, std::string_view rule) const;
    Response push(Response r);
    Response finish(Stage stage, detail::Reply r);
    std::string reply_text(Status status, Response& resp);
    void start_message(const std::string& sender);
    template <typename F>
    Response deliver(Stage stage, Steps no_bit, std::optional<MacroStage> macros, bool message_scope, F&& call);

    FilterFactory factory;
    Options options;
    detail::SessionConfig config;
    RecordingContext ctx;
    detail::Session session;

    // negotiation
    bool negotiated = false;
    bool rejected = false;
    Actions negotiated_actions = Actions::None;
    Steps negotiated_steps = Steps::None;
    std::map<MacroStage, std::vector<std::string>> macro_lists;
    std::array<std::optional<std::map<std::string, std::string>>, 7> sent_macros;
    std::size_t rcpt_count = 0;

    // connection / message state
    bool connected = false;
    bool closed = false;
    bool connection_done = false;  // REJECT/TEMPFAIL/ACCEPT for the connection
    bool in_message = false;
    bool message_done = false;     // REJECT/TEMPFAIL/DISCARD/ACCEPT for the message
    bool body_skip = false;        // SKIP returned: no more chunks
    Phase phase = Phase::Idle;
    std::size_t accepted_rcpts = 0;
    std::size_t chunks = 0;
    std::optional<PendingReply> pending_reply;

    // records
    std::vector<Response> responses;
    std::vector<Action> actions;
    std::vector<std::string> log;
    std::optional<std::string> sender;
    std::vector<std::string> recipients;
    std::optional<std::string> quarantine;
    int progress = 0;
    std::vector<Header> headers;
    std::string body;
    std::optional<std::string> new_body;
};

}  // namespace mailsec::milter::testing
