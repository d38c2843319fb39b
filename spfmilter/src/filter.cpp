// SpfFilter, connection and envelope stages (milter.md §3.2 steps 1-8, §3.6).
#include "filter.hpp"


#include "mailsec/core/ascii.hpp"
#include "mailsec/spf/result.hpp"

namespace mailsec::spfmilter {

using milter::Status;

namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!core::is_ascii_digit(c)) return false;
    return true;
}

}  // namespace

std::string normalize_sender(std::string_view raw) {
    std::string_view s = core::trim(raw);
    if (s.starts_with('<')) s.remove_prefix(1);
    if (s.ends_with('>')) s.remove_suffix(1);
    s = core::trim(s);
    if (s.empty()) return {};
    auto at = s.rfind('@');
    if (at == std::string_view::npos) return std::string(s) + "@localhost.localdomain";
    return std::string(s.substr(0, at + 1)) + core::to_lower(s.substr(at + 1));
}

bool is_numeric_helo(std::string_view name) {
    int parts = 0;
    bool digits = true;
    std::string_view rest = name;
    for (;;) {
        auto dot = rest.find('.');
        digits = digits && all_digits(rest.substr(0, dot));
        ++parts;
        if (dot == std::string_view::npos) break;
        rest.remove_prefix(dot + 1);
    }
    if (parts == 4 && digits) return true;
    return name.find(':') != std::string_view::npos && spf::parse_ipv6(name).ok();
}

void SpfFilter::negotiate(milter::Negotiation& n) {
    if (!svc_->settings.remove_forged_ar) n.skip(milter::Steps::NoHeaders);
    if (!milter::has(n.offered_actions(), milter::Actions::SetSymList)) return;
    n.set_macro_list(milter::MacroStage::Connect, {"j", "_"});
    n.set_macro_list(milter::MacroStage::EnvFrom, {"i", "{auth_authen}", "{auth_type}", "{auth_ssf}"});
    n.set_macro_list(milter::MacroStage::Eom, {"i"});
}

void SpfFilter::resolve_receiver(milter::Context& ctx) {
    const auto& s = svc_->settings;
    std::string fallback = s.authserv_id.value_or(svc_->hostname);
    auto j = ctx.macro("j");
    if (j && !core::trim(*j).empty()) {
        conn_.receiver = std::string(core::trim(*j));
    } else {
        conn_.receiver = fallback;
        if (!svc_->warned_no_j.exchange(true))
            svc_->log.warning("MTA sends no macro j, using the configured name", {{"receiver", fallback}});
    }
    conn_.authserv_id = s.authserv_id.value_or(conn_.receiver);
}

Status SpfFilter::connect(milter::Context& ctx, std::string_view hostname, const milter::PeerAddress& peer) {
    conn_ = Connection{};
    msg_ = Message{};
    conn_.hostname = std::string(hostname);
    resolve_receiver(ctx);
    std::string kind;
    if (peer.kind == milter::PeerAddress::Inet4 || peer.kind == milter::PeerAddress::Inet6) {
        conn_.ip_text = peer.address;
        if (auto ip = spf::IpAddress::parse(peer.address)) conn_.ip = *ip;
    }
    if (!conn_.ip) {
        conn_.internal = true;  // AF_UNIX / unknown family: no IP, counts as internal (§3.6)
        kind = "LOCAL";
    } else {
        conn_.internal = svc_->internal.contains(conn_.ip_text);
        conn_.trusted = svc_->trusted.contains(conn_.ip_text);
        kind = conn_.internal ? "INTERNAL" : "EXTERNAL";
        if (conn_.trusted) kind += " TRUSTED";
    }
    svc_->log.info("connect from " + conn_.hostname + " at " + (conn_.ip ? conn_.ip_text : peer.address) + " " + kind);
    return Status::Continue;
}

Status SpfFilter::helo(milter::Context& ctx, std::string_view name) {
    conn_.helo = std::string(name);
    if (conn_.internal || !is_numeric_helo(name)) return Status::Continue;
    msg_ = Message{};
    Status st = refuse(ctx, Verdict{Verdict::Reject, "550", "5.7.1", {"hello name cannot be numeric ip"}, "numeric-helo"});
    log_message(ctx);
    msg_ = Message{};
    return st;
}

Status SpfFilter::envfrom(milter::Context& ctx, std::string_view sender, std::span<const std::string>) {
    msg_ = Message{};
    msg_.sender = normalize_sender(sender);
    if (!conn_.helo)
        return refuse(ctx, Verdict{Verdict::Reject, "550", "5.7.1", {"It's polite to say helo first."}, "helo-first"});
    if (auto user = ctx.macro("{auth_authen}"); user && !user->empty()) return check_auth(ctx, *user);
    if (conn_.internal || !conn_.ip) {
        msg_.action = "skip-internal";
        return Status::Continue;
    }
    if (conn_.trusted) {
        msg_.action = "skip-trusted";
        return Status::Continue;
    }
    return check_spf(ctx);
}

// AUTH makes this message internal (per MAIL, not sticky); SMTP-Auth: may refuse it.
Status SpfFilter::check_auth(milter::Context& ctx, std::string_view user) {
    msg_.action = "skip-auth";
    auto at = msg_.sender.rfind('@');
    std::string domain = at == std::string::npos ? "localhost.localdomain" : msg_.sender.substr(at + 1);
    auto table = this->table();
    Verdict v = auth_policy(table.get(), svc_->settings.separator, user, domain);
    msg_.policy = v.policy;
    if (v.kind == Verdict::Accept) return Status::Continue;
    return refuse(ctx, v);
}

Status SpfFilter::check_spf(milter::Context& ctx) {
    const auto& s = svc_->settings;
    SpfQuery q{*conn_.ip, msg_.sender, *conn_.helo};
    SpfRun run = run_spf(*svc_->checker, q, s.trusted_forwarders, s.best_guess);
    if (run.forwarder) svc_->log.info("TRUSTED_FORWARDER", {{"forwarder", *run.forwarder}, {"ip", conn_.ip_text}});
    msg_.spf = spf::to_string(run.mail.result);
    if (run.helo) msg_.helo_spf = spf::to_string(run.helo->result);
    auto table = this->table();
    const auto& options = svc_->checker->options();
    if (run.helo) {
        Verdict hv = helo_policy(table.get(), s.separator, *run.helo, explanation(*run.helo, options));
        if (hv.kind != Verdict::Accept) {
            Status st = refuse(ctx, hv);
            if (st != Status::Continue) return st;
        }
    }
    Verdict mv = mail_policy(table.get(), s.separator, run.mail, run.policy_sender, explanation(run.mail, options),
                             conn_.receiver);
    if (msg_.action == "accept") msg_.policy = mv.policy;
    if (mv.kind != Verdict::Accept) {
        Status st = refuse(ctx, mv);
        if (st != Status::Continue) return st;
    }
    queue_headers(run);
    return Status::Continue;
}

// REJECT/TEMPFAIL with the reply, or in dry-run mode CONTINUE and a would-… action.
Status SpfFilter::refuse(milter::Context& ctx, const Verdict& v) {
    bool temp = v.kind == Verdict::Tempfail;
    if (svc_->settings.dry_run) {
        if (msg_.action.rfind("would-", 0) == 0) return Status::Continue;  // the first refusal is the one logged
        msg_.policy = v.policy;
        msg_.reply = v.code + " " + v.xcode;
        msg_.action = temp ? "would-tempfail" : "would-reject";
        return Status::Continue;
    }
    msg_.policy = v.policy;
    msg_.reply = v.code + " " + v.xcode;
    ctx.set_reply(v.code, v.xcode, v.lines);
    msg_.action = temp ? "tempfail" : "reject";
    log_message(ctx);
    return temp ? Status::Tempfail : Status::Reject;
}

std::shared_ptr<const AccessTable> SpfFilter::table() const {
    if (!svc_->access) return nullptr;
    return svc_->access->table();
}

}  // namespace mailsec::spfmilter
