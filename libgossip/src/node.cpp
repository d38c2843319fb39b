// gossip.md §5 (a query with peers, in pygossip's exact order), §6 (feedback through
// the pending store, reset) and §8 (feedback origin, admin-only reset, clamping).
#include "mailsec/gossip/node.hpp"

#include <algorithm>

#include "mailsec/core/ascii.hpp"

namespace mailsec::gossip {
namespace {

std::string field(std::string_view name, std::string_view value) {
    return " " + std::string(name) + "=" + std::string(value);
}

}  // namespace

Node::Node(Store& store, const core::Clock& clock, NodeOptions options, PeerClient* peers, Logger log)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      peers_(peers),
      log_(std::move(log)),
      last_(options_.peers.size()) {}

double Node::now() const { return to_seconds(clock_.now()); }

void Node::log(LogLevel level, const std::string& message) const {
    if (log_) log_(level, message);
}

std::optional<std::string> Node::handle_line(std::string_view line, const Caller& caller) {
    const auto stripped = core::trim(line);
    if (stripped.empty()) return std::nullopt;  // §6: empty lines get no reply
    auto request = parse_request(stripped);
    if (!request) {
        // §7: bad input gets one ERROR line; the connection stays usable.
        log(LogLevel::warning,
            "bad request" + field("client", caller.address) + field("reason", request.error().message));
        return to_wire(error_reply(salvage_umis(stripped)));
    }
    return to_wire(handle(*request, caller));
}

std::string Node::handle(const Request& request, const Caller& caller) {
    if (const auto* q = std::get_if<QueryRequest>(&request)) {
        auto plan = plan_query(*q, caller);
        if (!plan) {
            log(LogLevel::error, "query failed" + field("key", q->key()) + field("reason", plan.error().message));
            return error_reply(q->umis);
        }
        std::vector<std::optional<PeerAnswer>> answers(options_.peers.size());
        if (plan->forward && peers_ != nullptr) answers = peers_->ask(*plan->forward, plan->ask);
        return finish_query(*plan, answers).reply;
    }
    if (const auto* f = std::get_if<FeedbackRequest>(&request)) return feedback(*f, caller);
    return reset(std::get<ResetRequest>(request), caller);
}

bool Node::seen(std::string_view umis) {
    {
        std::lock_guard lock(mutex_);
        if (relay_.count(std::string(umis)) > 0) return true;
    }
    auto entry = store_.find_pending(umis);
    if (!entry || !entry->has_value()) return false;
    return (*entry)->time >= now() - static_cast<double>(options_.pending_ttl.count());
}

core::Result<QueryPlan> Node::plan_query(const QueryRequest& request, const Caller& caller) {
    QueryPlan plan;
    plan.request = request;
    plan.caller = caller;
    auto rec = store_.get(request.key());
    if (!rec) return rec.error();
    if (rec->has_value()) plan.local = {(*rec)->reputation(), (*rec)->confidence(now())};
    plan.seen = seen(request.umis);
    const int ttl = std::min(request.ttl, options_.max_ttl);
    if (ttl > 0 && !options_.peers.empty()) {
        plan.forward = QueryRequest{request.id, request.qual, ttl - 1, request.umis, std::nullopt};
        plan.ask.assign(options_.peers.size(), true);
        if (caller.peer && *caller.peer < plan.ask.size()) plan.ask[*caller.peer] = false;
    }
    return plan;
}

double Node::trust(std::size_t peer) {
    auto rec = store_.get(options_.peers[peer] + ":PEER");
    if (!rec) {
        log(LogLevel::warning,
            "peer trust unreadable" + field("peer", options_.peers[peer]) + field("reason", rec.error().message));
        return 0.0;
    }
    return rec->has_value() ? (*rec)->reputation() : 0.0;
}

QueryOutcome Node::finish_query(const QueryPlan& plan, const std::vector<std::optional<PeerAnswer>>& answers) {
    Opinion result = plan.local;
    if (plan.forward) {
        std::vector<Opinion> agg;
        if (!plan.seen) agg.push_back(plan.local);  // §5: crude loop guard
        for (std::size_t i = 0; i < options_.peers.size(); ++i) {
            if (!plan.ask[i] || i >= answers.size() || !answers[i]) continue;
            Opinion last = clamp_peer_answer(answers[i]->rep, answers[i]->cfi);
            {
                std::lock_guard lock(mutex_);
                last_[i] = last;
            }
            agg.push_back({last.rep, discount(last.cfi, trust(i))});
        }
        if (!agg.empty()) result = aggregate(agg);
        assess_peers(plan, result);
    }
    if (!plan.seen) remember(plan);
    log(LogLevel::debug, "query" + field("client", plan.caller.address) + field("key", plan.request.key()) +
                             field("umis", plan.request.umis));
    return {result, verdict_reply(plan.request.umis, result.rep, result.cfi, options_.threshold)};
}

// §5: every peer but the caller gets an agreement vote, judged on its last answer
// even when that answer is stale (pygossip behaviour, kept in the default model).
void Node::assess_peers(const QueryPlan& plan, Opinion result) {
    for (std::size_t i = 0; i < options_.peers.size(); ++i) {
        if (!plan.ask[i]) continue;
        Opinion last;
        {
            std::lock_guard lock(mutex_);
            last = last_[i];
        }
        const auto v = assess(last, result.rep, result.cfi);
        if (!v) continue;
        auto r = store_.vote(options_.peers[i] + ":PEER", *v, now(), options_.maxobs);
        if (!r)
            log(LogLevel::error,
                "peer vote failed" + field("peer", options_.peers[i]) + field("reason", r.error().message));
    }
}

// §6 register: clients' UMIS go to the pending store (first mapping wins); peers'
// UMIS only to the relay ring; a PEER qual registers nothing.
void Node::remember(const QueryPlan& plan) {
    const auto& q = plan.request;
    if (plan.caller.peer) {
        std::lock_guard lock(mutex_);
        relay_order_.push_back(q.umis);
        relay_.insert(q.umis);
        while (relay_order_.size() > options_.relay_size) {
            relay_.erase(relay_.find(relay_order_.front()));
            relay_order_.pop_front();
        }
        return;
    }
    if (is_peer_qual(q.qual)) return;
    auto added = store_.add_pending({q.umis, q.key(), plan.caller.address, now()}, options_.qsize);
    if (!added)
        log(LogLevel::error, "register failed" + field("umis", q.umis) + field("reason", added.error().message));
}

// §6/§8: unknown, expired, used or refused feedback is logged and still acknowledged,
// because pygossip clients never read F replies.
std::string Node::feedback(const FeedbackRequest& request, const Caller& caller) {
    const std::string ctx = field("client", caller.address) + field("umis", request.umis);
    auto entry = store_.find_pending(request.umis);
    if (!entry) {
        log(LogLevel::error, "feedback failed" + ctx + field("reason", entry.error().message));
        return ack_reply();
    }
    if (!entry->has_value()) {
        log(LogLevel::info, "feedback for unknown umis" + ctx);
        return ack_reply();
    }
    const PendingEntry& e = **entry;
    if (e.time < now() - static_cast<double>(options_.pending_ttl.count())) {
        (void)store_.remove_pending(request.umis);
        log(LogLevel::info, "feedback for expired umis" + ctx);
        return ack_reply();
    }
    if (!caller.trusted_feedback && e.origin != caller.address) {
        log(LogLevel::warning, "feedback refused" + ctx + field("origin", e.origin));
        return ack_reply();
    }
    // Consume first: a crash between the two steps loses a vote, never doubles one.
    auto removed = store_.remove_pending(request.umis);
    if (!removed || !*removed) return ack_reply();
    auto r = store_.vote(e.key, request.spam ? -1 : 1, now(), options_.maxobs);
    if (!r)
        log(LogLevel::error, "feedback vote failed" + ctx + field("reason", r.error().message));
    else
        log(LogLevel::debug, "feedback" + ctx + field("key", e.key) + field("spam", request.spam ? "yes" : "no"));
    return ack_reply();
}

std::string Node::reset(const ResetRequest& request, const Caller& caller) {
    const std::string ctx = field("client", caller.address) + field("key", request.key());
    if (!caller.admin || is_peer_qual(request.qual)) {
        log(LogLevel::warning, "reset refused" + ctx);
        return ack_reply();
    }
    auto erased = store_.erase(request.key());
    if (!erased)
        log(LogLevel::error, "reset failed" + ctx + field("reason", erased.error().message));
    else
        log(LogLevel::debug, "reset" + ctx);
    return ack_reply();
}

core::Result<ExpiryCount> Node::expire() {
    const double t = now();
    return store_.expire(t - static_cast<double>(options_.max_age.count()),
                         t - static_cast<double>(options_.pending_ttl.count()));
}

namespace {
Caller local_caller() { return Caller{"local", std::nullopt, true, true}; }
}  // namespace

core::Result<Answer> Node::query(std::string_view umis, std::string_view id, std::string_view qual, int ttl) {
    const std::string line =
        format_request(QueryRequest{std::string(id), std::string(qual), ttl, std::string(umis), {}});
    auto request = parse_request(line);
    if (!request) return request.error();
    return parse_answer(handle(*request, local_caller()));
}

core::Status Node::feedback(std::string_view umis, bool spam) {
    auto request = parse_request(format_request(FeedbackRequest{std::string(umis), spam}));
    if (!request) return request.error();
    (void)handle(*request, local_caller());
    return {};
}

core::Status Node::reset(std::string_view id, std::string_view qual) {
    auto request = parse_request(format_request(ResetRequest{std::string(id), std::string(qual)}));
    if (!request) return request.error();
    (void)handle(*request, local_caller());
    return {};
}

}  // namespace mailsec::gossip
