// SpfFilter, message stages: forged Authentication-Results, the queued headers at
// eom, and the one log line per message (milter.md §3.2 steps 9-10, §3.6).
#include "filter.hpp"
#include "headers.hpp"

#include "mailsec/core/ascii.hpp"
#include "mailsec/daemon/log.hpp"
#include "mailsec/milter/types.hpp"

namespace mailsec::spfmilter {

using milter::Status;

Status SpfFilter::header(milter::Context&, std::string_view name, std::string_view value) {
    if (!core::iequals(name, "Authentication-Results")) return Status::Continue;
    ++msg_.ar_seen;
    if (has_authserv_id(value, conn_.authserv_id)) msg_.forged_ar.push_back(msg_.ar_seen);
    return Status::Continue;
}

void SpfFilter::queue_headers(const SpfRun& run) {
    const auto& s = svc_->settings;
    // Each goes in at index 0, so the last queued ends on top: AR, X-Hello-SPF, Received-SPF.
    if (s.received_spf)
        msg_.headers.emplace_back("Received-SPF", received_spf_field(run.mail, conn_.receiver, run.best_guess));
    if (run.helo && !core::iequals(run.helo->helo, run.mail.domain))
        msg_.headers.emplace_back("X-Hello-SPF", std::string(spf::to_string(run.helo->result)));
    if (s.authentication_results) {
        const spf::Outcome* helo = run.separate_helo ? &*run.helo : nullptr;
        msg_.headers.emplace_back("Authentication-Results",
                                  authentication_results_field(conn_.authserv_id, run.mail, helo, conn_.receiver,
                                                               run.best_guess));
    }
}

void SpfFilter::apply_headers(milter::Context& ctx) {
    if (!msg_.forged_ar.empty()) {
        if (milter::has(ctx.actions(), milter::Actions::ChangeHeaders)) {
            for (auto it = msg_.forged_ar.rbegin(); it != msg_.forged_ar.rend(); ++it)  // highest index first
                ctx.delete_header("Authentication-Results", *it);
        } else if (!svc_->warned_no_chghdrs.exchange(true)) {
            svc_->log.warning("MTA did not grant CHGHDRS: forged Authentication-Results are not removed");
        }
    }
    if (msg_.headers.empty()) return;
    if (!milter::has(ctx.actions(), milter::Actions::AddHeaders)) {
        svc_->log.warning("MTA did not grant ADDHDRS: SPF headers not added");
        return;
    }
    for (const auto& [name, value] : msg_.headers) {
        try {
            ctx.insert_header(0, name, value);
        } catch (const milter::ActionFailed&) {
            ctx.add_header(name, value);  // an MTA without insheader: append instead
        }
    }
}

Status SpfFilter::eom(milter::Context& ctx) {
    apply_headers(ctx);
    log_message(ctx);
    return Status::Continue;
}

void SpfFilter::abort(milter::Context& ctx) { log_message(ctx); }

void SpfFilter::end_message(milter::Context& ctx) {
    log_message(ctx);
    msg_ = Message{};
}

void SpfFilter::close(milter::Context&) {
    conn_ = Connection{};
    msg_ = Message{};
}

void SpfFilter::log_message(milter::Context& ctx) {
    if (msg_.logged) return;
    msg_.logged = true;
    auto qid = ctx.queue_id();
    std::string id = qid && !qid->empty() ? std::string(*qid) : "NOQUEUE";
    svc_->log.info("message", {{"qid", id},
                               {"ip", conn_.ip_text},
                               {"helo", conn_.helo.value_or("")},
                               {"from", msg_.sender},
                               {"spf", msg_.spf},
                               {"helo_spf", msg_.helo_spf},
                               {"policy", msg_.policy},
                               {"action", msg_.action},
                               {"reply", msg_.reply}});
}

}  // namespace mailsec::spfmilter
