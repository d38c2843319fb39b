// The dispatcher shared by the libmilter adapter and testing::Context: one Session
// per MTA connection. It makes the Filter, derives the negotiation (milter.md 2.3),
// tracks the stage, enforces the no-reply contract, runs end_message (2.2) and
// applies the untrapped-exception policy with its scopes (2.5).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "mailsec/milter/context.hpp"
#include "mailsec/milter/filter.hpp"
#include "mailsec/milter/types.hpp"

namespace mailsec::milter::detail {

// What goes back to the MTA: a Status, or nothing (NR negotiated).
enum class Reply { Continue, Reject, Discard, Accept, Tempfail, Skip, NoReply };

struct SessionConfig {
    std::string name;                                  // filter name, for logs and replies
    ExceptionPolicy policy = ExceptionPolicy::Tempfail;
    Logger logger;
};

struct NegotiateAnswer {
    bool reject = false;
    Actions actions = Actions::None;
    Steps steps = Steps::None;
};

class Session {
public:
    Session(const FilterFactory& factory, const SessionConfig& config, Context& ctx);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    NegotiateAnswer negotiate(Actions offered_actions, Steps offered_steps);
    Reply connect(std::string_view hostname, const PeerAddress& peer);
    Reply helo(std::string_view name);
    Reply envfrom(std::string_view sender, std::span<const std::string> esmtp);
    Reply envrcpt(std::string_view rcpt, std::span<const std::string> esmtp);
    Reply data();
    Reply header(std::string_view name, std::string_view value);
    Reply eoh();
    Reply body(std::string_view chunk);
    Reply eom();
    Reply unknown(std::string_view command);
    void abort();
    void close();

    bool negotiated() const { return negotiated_; }

private:
    enum class Scope { Connection, Message };
    template <typename F>
    Reply dispatch(Stage stage, Scope scope, Steps nr_bit, F&& call);
    Reply check_result(Stage stage, Status s, bool no_reply);
    Reply on_exception(Stage stage, Scope scope, bool no_reply, std::string_view what);
    Reply policy_reply(Stage stage, std::string_view callback);
    void log_failure(Stage stage, std::string_view what);
    void run_quietly(Stage stage, void (Filter::*cb)(Context&));
    bool ensure_filter();
    void finish_message();
    void begin_message();

    const FilterFactory& factory_;
    const SessionConfig& config_;
    Context& ctx_;
    std::unique_ptr<Filter> filter_;
    bool negotiated_ = false;
    bool factory_failed_ = false;
    bool in_message_ = false;
    // Poisoned scopes (2.5): the callback that failed, for the reply text.
    std::optional<Stage> connection_failed_;
    std::optional<Stage> message_failed_;
};

// Status → Reply.
Reply to_reply(Status s) noexcept;
// The NR step bit of a callback (None for eom, abort, close, negotiate).
Steps nr_bit_of(Stage stage) noexcept;

}  // namespace mailsec::milter::detail
