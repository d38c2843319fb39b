// testing::Context steps: SMTP order, delivery as an MTA decides it, replies as the
// client would see them (milter.md 1.2, 1.5, 2.7).
#include "mailsec/milter/testing.hpp"

#include "testing_impl.hpp"

namespace mailsec::milter::testing {

namespace {

constexpr std::string_view kDefaultReject = "550 5.7.1 Command rejected";
constexpr std::string_view kDefaultTempfail = "451 4.7.1 Service unavailable - try again later";

// "550-5.7.1 l1" ... "550 5.7.1 lN" (1.5); no xcode: setmlreply sends X.0.0.
std::string format_reply(const PendingReply& p) {
    std::string x = p.xcode.value_or(p.lines.size() > 1 ? std::string(1, p.code[0]) + ".0.0" : "");
    if (p.lines.empty()) return x.empty() ? p.code : p.code + " " + x;
    std::string out;
    for (std::size_t i = 0; i < p.lines.size(); ++i) {
        if (i) out += "\r\n";
        out += p.code + (i + 1 < p.lines.size() ? "-" : " ") + (x.empty() ? "" : x + " ") + p.lines[i];
    }
    return out;
}

bool ends_scope(Status s) { return s == Status::Reject || s == Status::Tempfail || s == Status::Accept || s == Status::Discard; }

}  // namespace

Context::Impl::Impl(FilterFactory f, Options o)
    : factory(std::move(f)), options(std::move(o)), ctx(*this), session(factory, config, ctx) {
    config.name = options.name;
    config.policy = options.policy;
    config.logger = [this](std::string_view severity, std::string_view line) {
        log.push_back(std::string(severity) + ": " + std::string(line));
    };
}

void Context::Impl::check(Stage stage, bool allowed, std::string_view rule) const {
    std::string name(to_string(stage));
    if (closed) throw UsageError("testing::Context: " + name + " after close");
    if (!negotiated && stage != Stage::Negotiate)
        throw UsageError("testing::Context: " + name + " before negotiate (negotiate first, milter.md 2.7)");
    if (!allowed) throw UsageError("testing::Context: " + name + " out of order: " + std::string(rule));
}

Response Context::Impl::push(Response r) {
    responses.push_back(r);
    return r;
}

// REJECT/TEMPFAIL take the pending set_reply when its class matches; otherwise
// the MTA ignores it silently and uses its default text (1.5).
std::string Context::Impl::reply_text(Status status, Response& resp) {
    std::string_view def = status == Status::Reject ? kDefaultReject : kDefaultTempfail;
    if (!pending_reply) return std::string(def);
    PendingReply p = std::move(*pending_reply);
    pending_reply.reset();
    if (p.code[0] != (status == Status::Reject ? '5' : '4')) {
        resp.reply_ignored = true;
        return std::string(def);
    }
    if (p.code == "421") connection_done = true;  // 421 + TEMPFAIL closes the SMTP session
    return format_reply(p);
}

Response Context::Impl::finish(Stage stage, detail::Reply r) {
    Response resp;
    resp.stage = stage;
    if (r == detail::Reply::NoReply) {
        resp.kind = Response::NoReply;
        return push(resp);
    }
    resp.status = static_cast<Status>(static_cast<int>(r));  // Reply and Status share the first six values
    if (resp.status == Status::Reject || resp.status == Status::Tempfail) resp.smtp_reply = reply_text(resp.status, resp);
    return push(resp);
}

template <typename F>
Response Context::Impl::deliver(Stage stage, Steps no_bit, std::optional<MacroStage> macros, bool message_scope,
                                F&& call) {
    if (rejected || connection_done || (message_scope && message_done))
        return push(Response{stage, Response::NotDelivered, Status::Continue, std::nullopt, false});
    if (no_bit != Steps::None && has(negotiated_steps, no_bit))
        return push(Response{stage, Response::Skipped, Status::Continue, std::nullopt, false});
    if (macros) send_macros(*macros);
    return finish(stage, call());
}

void Context::Impl::start_message(const std::string& from) {
    phase = Phase::Mail;
    in_message = true;
    message_done = false;
    body_skip = false;
    accepted_rcpts = rcpt_count = chunks = 0;
    sender = from;
    recipients.clear();
    headers.clear();
    body.clear();
    new_body.reset();
    quarantine.reset();
    progress = 0;
}

Context::Context(FilterFactory factory, Options options)
    : impl_(std::make_unique<Impl>(std::move(factory), std::move(options))) {}

Context::~Context() {
    try {
        if (!impl_->closed) close();
    } catch (...) {
    }
}

Response Context::negotiate() {
    Impl& m = *impl_;
    m.check(Stage::Negotiate, !m.negotiated, "negotiate comes once, first");
    auto answer = m.session.negotiate(m.options.offer.actions, m.options.offer.steps);
    m.negotiated = true;
    m.rejected = answer.reject;
    m.negotiated_actions = answer.actions;
    m.negotiated_steps = answer.steps;
    return m.push(Response{Stage::Negotiate, Response::Replied, answer.reject ? Status::Reject : Status::Continue,
                           std::nullopt, false});
}

Response Context::connect(const std::string& hostname, const PeerAddress& peer) {
    Impl& m = *impl_;
    m.check(Stage::Connect, !m.connected, "connect comes once, right after negotiate");
    m.connected = true;
    Response r = m.deliver(Stage::Connect, Steps::NoConnect, MacroStage::Connect, false,
                           [&] { return m.session.connect(hostname, peer); });
    if (r.kind == Response::Replied && ends_scope(r.status)) m.connection_done = true;
    return r;
}

Response Context::helo(const std::string& name) {
    Impl& m = *impl_;
    m.check(Stage::Helo, m.connected && (m.phase == Impl::Phase::Idle || m.message_done),
            "helo needs connect and no message in progress");
    m.phase = Impl::Phase::Idle;
    Response r = m.deliver(Stage::Helo, Steps::NoHelo, MacroStage::Helo, false,
                           [&] { return m.session.helo(name); });
    if (r.kind == Response::Replied && ends_scope(r.status)) m.connection_done = true;
    return r;
}

Response Context::envfrom(const std::string& sender, const std::vector<std::string>& esmtp) {
    Impl& m = *impl_;
    bool idle = m.phase == Impl::Phase::Idle || m.phase == Impl::Phase::Mail || m.phase == Impl::Phase::Rcpt;
    m.check(Stage::EnvFrom, m.connected && (idle || m.message_done), "MAIL needs connect and no DATA in progress");
    if (m.rejected || m.connection_done)
        return m.push(Response{Stage::EnvFrom, Response::NotDelivered, Status::Continue, std::nullopt, false});
    m.start_message(sender);
    Response r = m.deliver(Stage::EnvFrom, Steps::NoMail, MacroStage::EnvFrom, true,
                           [&] { return m.session.envfrom(sender, esmtp); });
    if (r.kind == Response::Replied && ends_scope(r.status)) m.message_done = true;
    return r;
}

Response Context::envrcpt(const std::string& rcpt, const std::vector<std::string>& esmtp) {
    Impl& m = *impl_;
    m.check(Stage::EnvRcpt, m.phase == Impl::Phase::Mail || m.phase == Impl::Phase::Rcpt || m.message_done,
            "RCPT needs MAIL and comes before DATA");
    m.phase = Impl::Phase::Rcpt;
    Response r = m.deliver(Stage::EnvRcpt, Steps::NoRcpt, MacroStage::EnvRcpt, true,
                           [&] { return m.session.envrcpt(rcpt, esmtp); });
    ++m.rcpt_count;
    if (r.kind == Response::NotDelivered && m.message_done) return r;
    bool refused = r.kind == Response::Replied && (r.status == Status::Reject || r.status == Status::Tempfail);
    if (!refused) {
        ++m.accepted_rcpts;
        m.recipients.push_back(rcpt);
    }
    if (r.kind == Response::Replied && (r.status == Status::Discard || r.status == Status::Accept)) m.message_done = true;
    return r;
}

Response Context::data() {
    Impl& m = *impl_;
    m.check(Stage::Data, m.phase == Impl::Phase::Rcpt || m.message_done, "DATA needs RCPT");
    if (!m.message_done && m.accepted_rcpts == 0)
        throw UsageError("testing::Context: data with no recipient accepted (the MTA refuses DATA)");
    m.phase = Impl::Phase::Data;
    Response r = m.deliver(Stage::Data, Steps::NoData, MacroStage::Data, true, [&] { return m.session.data(); });
    if (r.kind == Response::Replied && ends_scope(r.status)) m.message_done = true;
    return r;
}

Response Context::header(const std::string& name, const std::string& value) {
    Impl& m = *impl_;
    m.check(Stage::Header, m.phase == Impl::Phase::Data || m.phase == Impl::Phase::Headers, "header comes after DATA, before eoh");
    m.phase = Impl::Phase::Headers;
    m.headers.push_back(Header{name, value});
    Response r = m.deliver(Stage::Header, Steps::NoHeaders, std::nullopt, true,
                           [&] { return m.session.header(name, value); });
    if (r.kind == Response::Replied && ends_scope(r.status)) m.message_done = true;
    return r;
}

Response Context::eoh() {
    Impl& m = *impl_;
    m.check(Stage::Eoh, m.phase == Impl::Phase::Data || m.phase == Impl::Phase::Headers, "eoh comes after DATA and the headers");
    m.phase = Impl::Phase::Eoh;
    Response r = m.deliver(Stage::Eoh, Steps::NoEoh, MacroStage::Eoh, true, [&] { return m.session.eoh(); });
    if (r.kind == Response::Replied && ends_scope(r.status)) m.message_done = true;
    return r;
}

Response Context::body(std::string_view chunk) {
    Impl& m = *impl_;
    m.check(Stage::Body, m.phase == Impl::Phase::Eoh || m.phase == Impl::Phase::Body, "body comes after eoh");
    m.phase = Impl::Phase::Body;
    m.body.append(chunk);
    if (m.body_skip) return m.push(Response{Stage::Body, Response::NotDelivered, Status::Continue, std::nullopt, false});
    Response r = m.deliver(Stage::Body, Steps::NoBody, std::nullopt, true, [&] {
        ++m.chunks;
        return m.session.body(chunk);
    });
    if (r.kind == Response::Replied && r.status == Status::Skip) m.body_skip = true;
    if (r.kind == Response::Replied && ends_scope(r.status)) m.message_done = true;
    return r;
}

Response Context::eom() {
    Impl& m = *impl_;
    m.check(Stage::Eom, m.phase == Impl::Phase::Eoh || m.phase == Impl::Phase::Body, "eom comes after eoh or body");
    m.phase = Impl::Phase::Idle;
    Response r = m.deliver(Stage::Eom, Steps::None, MacroStage::Eom, true, [&] { return m.session.eom(); });
    m.in_message = false;
    return r;
}

Response Context::abort() {
    Impl& m = *impl_;
    m.check(Stage::Abort, m.phase != Impl::Phase::Idle, "abort needs a message in progress");
    m.phase = Impl::Phase::Idle;
    m.in_message = false;
    // Never after the filter ended the message with ACCEPT/REJECT/DISCARD (1.1).
    if (m.rejected || m.connection_done || m.message_done)
        return m.push(Response{Stage::Abort, Response::NotDelivered, Status::Continue, std::nullopt, false});
    m.session.abort();
    return m.push(Response{Stage::Abort, Response::NoReply, Status::Continue, std::nullopt, false});
}

Response Context::unknown(const std::string& command) {
    Impl& m = *impl_;
    bool outside_data = m.phase == Impl::Phase::Idle || m.phase == Impl::Phase::Mail || m.phase == Impl::Phase::Rcpt;
    m.check(Stage::Unknown, m.connected && outside_data, "unknown needs connect and comes outside DATA");
    Response r = m.deliver(Stage::Unknown, Steps::NoUnknown, std::nullopt, false,
                           [&] { return m.session.unknown(command); });
    return r;
}

void Context::close() {
    Impl& m = *impl_;
    if (m.closed) throw UsageError("testing::Context: close twice");
    m.session.close();
    m.closed = true;
    m.phase = Impl::Phase::Idle;
}

}  // namespace mailsec::milter::testing
