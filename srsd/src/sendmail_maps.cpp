// The sendmail/pysrs map family (srs.md §8, family 1), as pysrs.m4 calls it:
// keys "[host\x9B]address", replies in sendmail's focused form, and never a refusal
// (a failure answers with the address as received, so mail keeps flowing).
#include "mailsec/core/ascii.hpp"
#include "mailsec/srs/error.hpp"
#include "maps.hpp"

namespace mailsec::srsd {

namespace {
constexpr char sendmail_pipe = '\x9B';  // sendmail's $| operator

struct SendmailKey {
    std::string_view host;
    std::string_view address;
    bool has_host = false;
};

SendmailKey split_key(std::string_view key) {
    auto bar = key.find(sendmail_pipe);
    if (bar == std::string_view::npos) return {{}, key, false};
    return {key.substr(0, bar), key.substr(bar + 1), true};
}
}  // namespace

Reply Maps::make_srs(std::string_view key) {
    auto k = split_key(key);
    auto unchanged = Reply::ok(std::string(k.address));
    if (k.address == "<@>" || (k.has_host && k.host.empty())) return unchanged;
    for (const auto& host : settings_.nosrs)
        if (k.has_host && k.host == host) return unchanged;
    auto a = strip_angles(k.address);
    auto at = a.rfind('@');
    if (at == std::string::npos || reverses(a)) return unchanged;  // never double-wrap
    auto domain = std::string_view(a).substr(at + 1);
    core::Result<std::string> r = std::string();
    if (domain_in(domain, settings_.ses))
        r = schemes_.ses->sign(a);
    else if (domain_in(domain, settings_.sign))
        r = schemes_.scheme->sign(a);
    else
        r = schemes_.rewriting->forward(a, settings_.fwdomain);
    if (!r) {
        failed("make_srs", key, r.error().message);
        return unchanged;
    }
    return Reply::ok(focused(*r));
}

Reply Maps::reverse_srs(std::string_view key) {
    auto address = split_key(key).address;
    auto a = strip_angles(address);
    auto verdict = schemes_.ses->verify(a);
    if (verdict && verdict->verified) return Reply::ok(focused(verdict->address));
    if (!verdict) failed("reverse_srs", key, verdict.error().message);
    auto r = schemes_.scheme->reverse_all(a);
    if (r) {
        if (r->case_warning) note_case_warning("reverse_srs", key);
        return Reply::ok(focused(r->address));
    }
    if (srs::kind_of(r.error()) != srs::ErrorKind::not_srs) failed("reverse_srs", key, r.error().message);
    // pysrs quotes a pipe address so sendmail does not run it as a program.
    if (!a.empty() && a.front() == '|') return Reply::ok("\"" + std::string(address) + "\"");
    return Reply::ok(std::string(address));
}

}  // namespace mailsec::srsd
