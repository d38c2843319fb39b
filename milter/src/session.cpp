// The dispatcher (milter.md 2.2, 2.3, 2.5): one Session per MTA connection.
#include "session.hpp"

#include <exception>
#include <utility>

namespace mailsec::milter::detail {

Reply to_reply(Status s) noexcept {
    switch (s) {
        case Status::Continue: return Reply::Continue;
        case Status::Reject: return Reply::Reject;
        case Status::Discard: return Reply::Discard;
        case Status::Accept: return Reply::Accept;
        case Status::Tempfail: return Reply::Tempfail;
        case Status::Skip: return Reply::Skip;
    }
    return Reply::Tempfail;
}

Steps nr_bit_of(Stage stage) noexcept {
    switch (stage) {
        case Stage::Connect: return Steps::NrConnect;
        case Stage::Helo: return Steps::NrHelo;
        case Stage::EnvFrom: return Steps::NrMail;
        case Stage::EnvRcpt: return Steps::NrRcpt;
        case Stage::Data: return Steps::NrData;
        case Stage::Header: return Steps::NrHeader;
        case Stage::Eoh: return Steps::NrEoh;
        case Stage::Body: return Steps::NrBody;
        case Stage::Unknown: return Steps::NrUnknown;
        default: return Steps::None;
    }
}

Session::Session(const FilterFactory& factory, const SessionConfig& config, Context& ctx)
    : factory_(factory), config_(config), ctx_(ctx) {}

Session::~Session() = default;

void Session::log_failure(Stage stage, std::string_view what) {
    if (!config_.logger) return;
    std::string line = "untrapped exception filter=" + config_.name + " callback=" + std::string(to_string(stage));
    if (stage != Stage::Negotiate)
        if (auto id = ctx_.macro("i")) line += " queue_id=" + std::string(*id);
    line += " what=\"" + std::string(what) + "\"";
    config_.logger("error", line);
}

// The factory runs at negotiate, or at the first callback of an MTA that skips
// negotiate (2.2). A throwing factory poisons the connection (2.5).
bool Session::ensure_filter() {
    if (filter_) return true;
    if (factory_failed_) return false;
    try {
        filter_ = factory_.make();
        if (filter_) return true;
        log_failure(ctx_.stage(), "the factory returned no filter");
    } catch (const std::exception& e) {
        log_failure(ctx_.stage(), std::string("factory: ") + e.what());
    } catch (...) {
        log_failure(ctx_.stage(), "factory: unknown exception");
    }
    factory_failed_ = true;
    connection_failed_ = ctx_.stage();
    return false;
}

NegotiateAnswer Session::negotiate(Actions offered_actions, Steps offered_steps) {
    ctx_.enter(Stage::Negotiate);
    negotiated_ = true;
    const FilterTraits& t = factory_.traits();
    NegotiateAnswer answer;
    // Request every action offered, as pymilter does (2.3).
    answer.actions = offered_actions & Actions::All;
    if (!has(offered_actions, t.required_actions)) {
        if (config_.logger)
            config_.logger("error", "required actions not offered filter=" + config_.name +
                                        " missing=" + describe(t.required_actions & ~offered_actions));
        answer.reject = true;
        return answer;
    }
    Steps requested = (t.not_overridden | t.no_reply | Steps::Skip | t.protocol_extras) & offered_steps;
    ctx_.actions_ = answer.actions;
    ctx_.steps_ = requested;
    if (ensure_filter()) {
        Negotiation n(ctx_, offered_actions, offered_steps, requested);
        try {
            filter_->negotiate(n);
        } catch (const std::exception& e) {
            log_failure(Stage::Negotiate, e.what());
            connection_failed_ = Stage::Negotiate;
        }
        answer.reject = n.rejected();
        requested = n.requested_steps();
    }
    answer.steps = requested;
    ctx_.steps_ = requested;
    return answer;
}

Reply Session::policy_reply(Stage stage, std::string_view callback) {
    std::string text = config_.name + ": untrapped exception in " + std::string(callback);
    switch (config_.policy) {
        case ExceptionPolicy::Tempfail:
            if (stage != Stage::Connect) (void)ctx_.do_set_reply("451", "4.3.0", {text});
            return Reply::Tempfail;
        case ExceptionPolicy::Reject:
            if (stage != Stage::Connect) (void)ctx_.do_set_reply("554", "5.3.0", {text});
            return Reply::Reject;
        case ExceptionPolicy::Continue: return Reply::Continue;
        case ExceptionPolicy::Accept: return Reply::Accept;
    }
    return Reply::Tempfail;
}

Reply Session::on_exception(Stage stage, Scope scope, bool no_reply, std::string_view what) {
    log_failure(stage, what);
    if (!no_reply) return policy_reply(stage, to_string(stage));
    // Nothing can be sent now: record the failure for its scope (2.5).
    if (scope == Scope::Connection) connection_failed_ = stage;
    else message_failed_ = stage;
    return Reply::NoReply;
}

// Enforces the meaning of each Status per callback (1.2) and the no-reply contract.
Reply Session::check_result(Stage stage, Status s, bool no_reply) {
    const Scope scope = (stage == Stage::Connect || stage == Stage::Helo || stage == Stage::Unknown)
                            ? Scope::Connection : Scope::Message;
    const Steps nr = nr_bit_of(stage);
    bool declared_nr = no_reply || (nr != Steps::None && has(factory_.traits().no_reply, nr));
    if (declared_nr && s != Status::Continue)
        return on_exception(stage, scope, no_reply,
                            "no-reply callback returned " + std::string(to_string(s)) + " (must be continue)");
    if (s == Status::Skip && stage != Stage::Body)
        return on_exception(stage, scope, no_reply, "skip is valid only in body");
    if (s == Status::Skip && !has(ctx_.steps(), Steps::Skip)) return Reply::Continue;
    if (s == Status::Discard && scope == Scope::Connection)
        return on_exception(stage, scope, no_reply, "discard is undefined in " + std::string(to_string(stage)));
    return no_reply ? Reply::NoReply : to_reply(s);
}

template <typename F>
Reply Session::dispatch(Stage stage, Scope scope, Steps nr_bit, F&& call) {
    ctx_.enter(stage);
    if (!negotiated_) ctx_.actions_ = Actions::All;  // an old MTA without negotiate: registered flags
    // A filter that does not override envfrom negotiates MAIL away (2.3), and the
    // MTA then never sends it: the first message-scope callback starts the message,
    // so end_message still runs once per message and per-message state resets.
    if (scope == Scope::Message) in_message_ = true;
    const bool no_reply = nr_bit != Steps::None && has(ctx_.steps(), nr_bit);
    ensure_filter();
    if (connection_failed_) return no_reply ? Reply::NoReply : policy_reply(stage, to_string(*connection_failed_));
    if (scope == Scope::Message && message_failed_)
        return no_reply ? Reply::NoReply : policy_reply(stage, to_string(*message_failed_));
    try {
        return check_result(stage, call(*filter_), no_reply);
    } catch (const std::exception& e) {
        return on_exception(stage, scope, no_reply, e.what());
    } catch (...) {
        return on_exception(stage, scope, no_reply, "unknown exception");
    }
}

void Session::run_quietly(Stage stage, void (Filter::*cb)(Context&)) {
    if (!filter_) return;
    try {
        (filter_.get()->*cb)(ctx_);
    } catch (const std::exception& e) {
        log_failure(stage, e.what());
    } catch (...) {
        log_failure(stage, "unknown exception");
    }
}

void Session::finish_message() {
    if (!in_message_) return;
    in_message_ = false;
    run_quietly(ctx_.stage(), &Filter::end_message);
    message_failed_.reset();
}

Reply Session::connect(std::string_view hostname, const PeerAddress& peer) {
    return dispatch(Stage::Connect, Scope::Connection, Steps::NrConnect,
                    [&](Filter& f) { return f.connect(ctx_, hostname, peer); });
}

Reply Session::helo(std::string_view name) {
    return dispatch(Stage::Helo, Scope::Connection, Steps::NrHelo,
                    [&](Filter& f) { return f.helo(ctx_, name); });
}

Reply Session::envfrom(std::string_view sender, std::span<const std::string> esmtp) {
    ctx_.enter(Stage::EnvFrom);
    finish_message();  // the MTA sent neither eom nor abort for the previous one
    in_message_ = true;
    return dispatch(Stage::EnvFrom, Scope::Message, Steps::NrMail,
                    [&](Filter& f) { return f.envfrom(ctx_, sender, esmtp); });
}

Reply Session::envrcpt(std::string_view rcpt, std::span<const std::string> esmtp) {
    return dispatch(Stage::EnvRcpt, Scope::Message, Steps::NrRcpt,
                    [&](Filter& f) { return f.envrcpt(ctx_, rcpt, esmtp); });
}

Reply Session::data() {
    return dispatch(Stage::Data, Scope::Message, Steps::NrData, [&](Filter& f) { return f.data(ctx_); });
}

Reply Session::header(std::string_view name, std::string_view value) {
    return dispatch(Stage::Header, Scope::Message, Steps::NrHeader,
                    [&](Filter& f) { return f.header(ctx_, name, value); });
}

Reply Session::eoh() {
    return dispatch(Stage::Eoh, Scope::Message, Steps::NrEoh, [&](Filter& f) { return f.eoh(ctx_); });
}

Reply Session::body(std::string_view chunk) {
    return dispatch(Stage::Body, Scope::Message, Steps::NrBody, [&](Filter& f) { return f.body(ctx_, chunk); });
}

Reply Session::eom() {
    Reply r = dispatch(Stage::Eom, Scope::Message, Steps::None, [&](Filter& f) { return f.eom(ctx_); });
    finish_message();
    return r;
}

Reply Session::unknown(std::string_view command) {
    return dispatch(Stage::Unknown, Scope::Connection, Steps::NrUnknown,
                    [&](Filter& f) { return f.unknown(ctx_, command); });
}

void Session::abort() {
    ctx_.enter(Stage::Abort);
    if (in_message_) run_quietly(Stage::Abort, &Filter::abort);
    finish_message();
}

void Session::close() {
    ctx_.enter(Stage::Close);
    finish_message();
    run_quietly(Stage::Close, &Filter::close);
    filter_.reset();
    connection_failed_.reset();
}

}  // namespace mailsec::milter::detail
