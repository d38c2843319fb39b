// The SPF queries of one message (milter.md §3.2 steps 6-7).
#include "spf_run.hpp"

namespace mailsec::spfmilter {

namespace {

std::optional<spf::Outcome> forwarder_pass(const spf::Checker& checker, const spf::IpAddress& ip,
                                           const std::string& forwarder) {
    spf::Outcome o = checker.check_mailfrom(ip, "postmaster@" + forwarder, forwarder);
    if (o.result == spf::Result::pass) return o;
    return std::nullopt;
}

}  // namespace

SpfRun run_spf(const spf::Checker& checker, const SpfQuery& q, const std::vector<std::string>& forwarders,
               const std::optional<std::string>& best_guess_record) {
    SpfRun run;
    for (const auto& tf : forwarders) {
        if (auto o = forwarder_pass(checker, q.ip, tf)) {
            run.mail = std::move(*o);
            run.forwarder = tf;
            break;
        }
    }
    if (!run.forwarder) run.mail = checker.check_mailfrom(q.ip, q.sender, q.helo);  // "" = postmaster@helo
    run.policy_sender = run.forwarder ? "postmaster@" + *run.forwarder
                                      : (q.sender.empty() ? "postmaster@" + q.helo : q.sender);
    spf::Result r = run.mail.result;
    if (r != spf::Result::pass && r != spf::Result::temperror) {
        if (q.sender.empty() || run.forwarder) {
            run.helo = run.mail;
        } else {
            run.helo = checker.check_helo(q.ip, q.helo);
            run.separate_helo = true;
        }
    }
    if (best_guess_record && r == spf::Result::none && !run.forwarder)
        run.best_guess = checker.best_guess(q.ip, q.sender.empty() ? "postmaster@" + q.helo : q.sender, q.helo,
                                            *best_guess_record).result;
    return run;
}

}  // namespace mailsec::spfmilter
