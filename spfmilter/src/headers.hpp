// The trace headers spfmilter adds (milter.md §3.2 step 9, §3.6): Received-SPF and
// Authentication-Results as libspf renders them, the best-guess note, and the test
// for a forged Authentication-Results carrying our authserv-id.
//
//   std::string rs = spfmilter::received_spf_field(outcome, "mx.example.org", std::nullopt);
//   if (spfmilter::has_authserv_id(value, "mx.example.org")) delete_it();
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mailsec/spf/checker.hpp"

namespace mailsec::spfmilter {

// Received-SPF field body; `best_guess` adds "; best guess: <result>" to the comment.
std::string received_spf_field(const spf::Outcome& outcome, std::string_view receiver,
                               std::optional<spf::Result> best_guess);

// Authentication-Results field body for the MAIL FROM outcome, plus a second resinfo
// "spf=<r> ... smtp.helo=<helo>" when a separate HELO check ran.
std::string authentication_results_field(std::string_view authserv_id, const spf::Outcome& mail,
                                         const spf::Outcome* separate_helo, std::string_view receiver,
                                         std::optional<spf::Result> best_guess);

// Inserts "; <note>" before the end of the field's first comment.
std::string append_to_first_comment(std::string field, std::string_view note);

// True if the Authentication-Results value's authserv-id (first token, comments
// skipped) equals `authserv_id`, ignoring case.
bool has_authserv_id(std::string_view value, std::string_view authserv_id);

}  // namespace mailsec::spfmilter
