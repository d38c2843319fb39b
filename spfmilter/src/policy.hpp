// spfmilter's policy decisions (milter.md §3.2 steps 4, 7, 8 with the §3.6 fixes):
// access-map lookups and the SMTP replies of each SPF result. Pure functions over an
// AccessTable, so every row of the decision table is testable on its own.
//
//   auto v = spfmilter::mail_policy(table.get(), ':', outcome, explanation, receiver);
//   if (v.kind == Verdict::Reject) ctx.set_reply(v.code, v.xcode, v.lines);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access_table.hpp"
#include "mailsec/spf/checker.hpp"

namespace mailsec::spfmilter {

struct Verdict {
    enum Kind { Accept, Reject, Tempfail };
    Kind kind = Accept;
    std::string code, xcode;
    std::vector<std::string> lines;
    std::string policy = "default";  // the access-map key that decided, or "default"

    static Verdict accept(std::string policy = "default") { return Verdict{Accept, {}, {}, {}, std::move(policy)}; }
};

// Looks `tag` up for `address` in `table` (nullptr = no map): the matched key or nullopt.
std::optional<PolicyMatch> find_policy(const AccessTable* table, std::string_view tag, std::string_view address,
                                       char separator);

// Step 4: SMTP-Auth:<user>@<domain>; found and not OK rejects.
Verdict auth_policy(const AccessTable* table, char separator, std::string_view user, std::string_view domain);

// Step 7: HELO-<Result>: keyed by the HELO name; no entry rejects fail, softfail and
// neutral; any value but OK rejects with the five-line reply.
Verdict helo_policy(const AccessTable* table, char separator, const spf::Outcome& helo,
                    std::string_view explanation);

// Step 8 for the SPF sender (`policy_sender`: postmaster@tf after a forwarder pass).
Verdict mail_policy(const AccessTable* table, char separator, const spf::Outcome& mail, std::string_view policy_sender,
                    std::string_view explanation, std::string_view receiver);

// The <explanation> of §3.2: the exp= text, else for fail and softfail the Python
// default "SPF fail: see http://openspf.org/why.html?sender=S&ip=I", else libspf's text.
std::string explanation(const spf::Outcome& outcome, const spf::Options& options);

// One reply line safe for set_reply: control bytes (CR, LF, NUL) become spaces, '%'
// is doubled (a lone '%' makes libmilter drop the text), at most 980 octets, never
// empty.
std::string reply_line(std::string_view text);

}  // namespace mailsec::spfmilter
