// mailsec::mime::defang — replaces attachments with banned names by a WARNING.TXT
// part, as pymilter's mime.py/bms.py defang does (dns-mime.md B1, B4).
//
//   mime::DefangPolicy policy;                         // B2 list, scan_zip, scan_rfc822
//   policy.hostname = "mx1.example.com";
//   auto msg = mime::Message::parse(bytes);
//   mime::DefangResult r = mime::defang(*msg, policy);
//   if (r.modified) {
//       milter.replace_body(msg->body(mime::Newline::Crlf));
//       for (const auto& c : msg->top_header_changes()) apply(c);
//   }
//
// A name is banned when, after trailing dots and blanks are removed, it ends in
// ".<ext>" (case-insensitive) for an ext of the list. Every Content-Type and
// Content-Disposition parameter is checked, plus the filename; with scan_zip the
// members of *.zip parts too (an invalid, encrypted or too-deep zip is a hit);
// with scan_rfc822 the messages in message/rfc822 parts, encoded ones included.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/mime/message.hpp"

namespace mailsec::mime {

// The 42 extensions of dns-mime.md B2, lowercase, without dots.
const std::vector<std::string>& default_banned_extensions();

inline constexpr std::string_view default_warning_template =
    "This message appeared to contain a virus.\n"
    "It was originally named '{name}', and has been removed.\n"
    "A copy of your original message was saved as '{host}:{saved}'.\n"
    "See your administrator.\n";

struct DefangPolicy {
    std::vector<std::string> banned_extensions = default_banned_extensions();  // without dots
    bool scan_zip = true;
    bool scan_rfc822 = true;       // message/rfc822 parts, encoded ones decoded and re-parsed
    bool scan_html = false;        // text/html and *.htm(l) octet-streams: scripts removed
    int max_zip_depth = 3;
    std::size_t max_zip_member_bytes = 16 * 1024 * 1024;
    int max_message_depth = 8;     // encoded message/rfc822 inside encoded ... deeper counts as a hit
    // {name}, {host}, {saved}; the line holding {saved} is left out when saved_as is unset.
    std::string warning_template = std::string(default_warning_template);
    std::string hostname = "localhost";
    std::optional<std::string> saved_as;
    std::string warning_filename = "WARNING.TXT";
};

enum class DefangReason {
    BannedName,        // a parameter or the filename
    BannedZipMember,   // a member of a zip attachment
    BadZip,            // not a zip, encrypted, too deep or too large
    TooDeep,           // nested messages beyond max_message_depth
    ScriptRemoved,     // scan_html: part kept, scripts removed
    UnparsableHtml,    // scan_html: part replaced
};

struct DefangHit {
    std::string path;            // part path; inside an encoded message: "2/1.2"
    std::string offending;       // the value that matched (a parameter, a zip member, ...)
    std::string reported_name;   // the name in the warning (the attachment's filename)
    DefangReason reason = DefangReason::BannedName;
};

struct DefangResult {
    bool modified = false;
    std::vector<DefangHit> hits;
};

DefangResult defang(Message& message, const DefangPolicy& policy = {});

// The banned test alone: true when `name` ends in a banned extension.
bool has_banned_extension(std::string_view name, const std::vector<std::string>& banned_extensions);

std::string_view to_string(DefangReason reason);

}  // namespace mailsec::mime
