// srsd's maps (srs.md §8): the sendmail/pysrs family (make_srs, reverse_srs: focused
// addresses, never a refusal) and the Postfix/postsrsd family (forward, reverse:
// plain addresses, NOTFOUND and PERM). The socketmap and tcp_table sessions both ask
// Maps; the schemes, SES state and logger are passed in (no globals). Thread-safe:
// the schemes are immutable, SES and the logger lock inside.
//
//   srsd::Maps maps(settings, std::move(schemes), log);
//   maps.request("forward mouse@orig.com");   // Reply::ok("SRS0=VPFz=IZ=orig.com=mouse@example.org")
//   maps.lookup("reverse", "SRS0=xxxx=IZ=orig.com=mouse@example.org");  // Reply::perm("invalid hash ...")
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/daemon/log.hpp"
#include "mailsec/srs/scheme.hpp"
#include "mailsec/srs/ses.hpp"
#include "reply.hpp"

namespace mailsec::srsd {

struct MapSettings {
    std::string fwdomain;              // our SRS domain
    std::vector<std::string> domains;  // local domains never rewritten (".example.com" = subdomains)
    std::vector<std::string> ses;      // senders here are SES-signed
    std::vector<std::string> sign;     // senders here get pysrs's signing mode
    std::vector<std::string> nosrs;    // recipient-mailer hosts exempt from make_srs (exact match)
    bool always_rewrite = false;
};

// The scheme the maps use, and a twin with always_rewrite on for make_srs (srs.md §8 step 5).
struct Schemes {
    std::unique_ptr<srs::Scheme> scheme;
    std::unique_ptr<srs::Scheme> rewriting;
    std::unique_ptr<srs::Ses> ses;
};

// True when `domain` (any case) is in `list`; an entry ".example.com" matches every
// subdomain of example.com.
bool domain_in(std::string_view domain, const std::vector<std::string>& list);
// "mouse@orig.com" -> "mouse<@orig.com.>" (sendmail's focused form, split at the last '@').
std::string focused(std::string_view address);
// Removes every '<' and '>' and one trailing '.'.
std::string strip_angles(std::string_view address);

class Maps {
public:
    Maps(MapSettings settings, Schemes schemes, daemon::Logger log);

    // One socketmap payload "<mapname> <key>" ('-' in the name reads as '_').
    Reply request(std::string_view payload);
    // A map by its normalised name; unknown → PERM.
    Reply lookup(std::string_view map, std::string_view key);

    Reply make_srs(std::string_view key);
    Reply reverse_srs(std::string_view key);
    Reply forward(std::string_view key);
    Reply reverse(std::string_view key);

private:
    bool reverses(std::string_view address) const;
    bool is_ours(std::string_view domain) const;
    void note_case_warning(std::string_view map, std::string_view key);
    void failed(std::string_view map, std::string_view key, std::string_view reason) const;

    MapSettings settings_;
    Schemes schemes_;
    daemon::Logger log_;
    std::atomic<std::chrono::steady_clock::rep> next_case_warning_{0};  // steady_clock ticks
};

}  // namespace mailsec::srsd
