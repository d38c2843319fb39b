// Trace headers for an SPF outcome: Received-SPF (RFC 7208 §9.1, the shape pyspf
// writes) and the Authentication-Results "spf" method (RFC 8601 §2.7.2), and parsing
// a Received-SPF or Authentication-Results field written by a *trusted* gateway.
//
//   spf::Outcome o = checker.check_mailfrom(ip, sender, helo);
//   msg.add_header("Received-SPF", spf::received_spf(o, {}));
//   msg.add_header("Authentication-Results", spf::authentication_results(o, "mx.example.org", {}));
//   auto upstream = spf::parse_received_spf(field_body);   // from a trusted relay only
//   if (upstream && upstream->result == spf::Result::fail) ...
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mailsec/core/result.hpp"
#include "mailsec/spf/checker.hpp"

namespace mailsec::spf {

struct HeaderOptions {
    std::optional<std::string> receiver;        // default: the Outcome's receiver
    std::map<std::string, std::string> extra;  // written as x-<key>=<value>, sorted, '_' -> '-'
};

// "Pass", "SoftFail", "PermError", ... (RFC 7208 §9.1 result names).
std::string_view header_tag(Result result);
// The comment text without parentheses ("domain of X designates C as permitted sender").
std::string header_comment(const Outcome& outcome);
// The Received-SPF field body (callers add "Received-SPF: ").
std::string received_spf(const Outcome& outcome, const HeaderOptions& options);
// The Authentication-Results field body (callers add "Authentication-Results: ").
std::string authentication_results(const Outcome& outcome, std::string_view authserv_id,
                                   const HeaderOptions& options);

// key=value as RFC 7208 §9.1 writes it: v if a dot-atom, else a quoted string.
std::string quote_value(std::string_view value);

struct ParsedHeader {
    Result result = Result::none;
    std::string client_ip, envelope_from, helo, receiver, mechanism, problem;
    std::optional<Identity> identity;
    std::string comment;                                    // the first comment, unescaped
    std::vector<std::pair<std::string, std::string>> other;  // x-... and unknown keys, in order
};

// Error code "header" for malformed input.
core::Result<ParsedHeader> parse_received_spf(std::string_view body);
// Finds the spf method result in an Authentication-Results body.
core::Result<ParsedHeader> parse_authentication_results(std::string_view body);

}  // namespace mailsec::spf
