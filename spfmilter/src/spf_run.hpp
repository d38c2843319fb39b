// Steps 6-7 of milter.md §3.2: the SPF queries for one message — trusted
// forwarders, MAIL FROM (a null sender as postmaster@<helo>), the separate HELO
// check when the MAIL result is neither pass nor temperror, and the optional best
// guess (§3.6), which never changes the outcome.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mailsec/spf/checker.hpp"

namespace mailsec::spfmilter {

struct SpfQuery {
    spf::IpAddress ip;
    std::string sender;  // without <>, domain lowercased; empty = null sender
    std::string helo;
};

struct SpfRun {
    spf::Outcome mail;                       // the query whose result counts
    std::optional<spf::Outcome> helo;        // the HELO result (= mail for a null sender)
    bool separate_helo = false;              // a HELO query of its own ran
    std::optional<std::string> forwarder;    // the trusted forwarder that passed
    std::optional<spf::Result> best_guess;   // only when mail.result is none
    std::string policy_sender;               // whose policy applies (postmaster@tf, or the sender)
};

SpfRun run_spf(const spf::Checker& checker, const SpfQuery& query, const std::vector<std::string>& forwarders,
               const std::optional<std::string>& best_guess_record);

}  // namespace mailsec::spfmilter
