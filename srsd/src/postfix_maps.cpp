// The Postfix/postsrsd map family (srs.md §8, family 2): plain addresses in and
// out. forward never blocks outgoing mail (NOTFOUND on any doubt); reverse refuses
// forged or expired bounces to our domains with PERM, and a broken store with TEMP.
#include "mailsec/core/ascii.hpp"
#include "mailsec/srs/error.hpp"
#include "maps.hpp"

namespace mailsec::srsd {

namespace {
bool has_tag(std::string_view local, std::string_view tag) {
    if (local.size() <= tag.size() || !core::istarts_with(local, tag)) return false;
    char sep = local[tag.size()];
    return sep == '=' || sep == '+' || sep == '-';
}

std::string_view unquoted(std::string_view local) {
    if (local.size() >= 2 && local.front() == '"' && local.back() == '"') return local.substr(1, local.size() - 2);
    return local;
}
}  // namespace

Reply Maps::forward(std::string_view key) {
    auto at = key.rfind('@');
    if (key.empty() || key == "<>" || at == std::string_view::npos || at == 0) return Reply::notfound();
    auto domain = key.substr(at + 1);
    core::Result<std::string> r = std::string();
    if (domain_in(domain, settings_.ses)) {
        r = schemes_.ses->sign(key);
    } else if (domain_in(domain, settings_.sign)) {
        r = schemes_.scheme->sign(key);
    } else {
        if (!settings_.always_rewrite && is_ours(domain)) return Reply::notfound();
        if (reverses(key)) return Reply::notfound();
        r = schemes_.scheme->forward(key, settings_.fwdomain);
    }
    if (!r) {
        failed("forward", key, r.error().message);
        return Reply::notfound();
    }
    if (*r == key) return Reply::notfound();
    return Reply::ok(std::move(*r));
}

Reply Maps::reverse(std::string_view key) {
    auto at = key.rfind('@');
    if (at == std::string_view::npos) return Reply::notfound();
    auto local = unquoted(key.substr(0, at));
    bool ses_tagged = core::istarts_with(local, "SES=");
    const auto& opt = schemes_.scheme->options();
    if (!ses_tagged && !has_tag(local, opt.tag0) && !has_tag(local, opt.tag1)) return Reply::notfound();
    auto domain = key.substr(at + 1);
    if (!is_ours(domain) && !domain_in(domain, settings_.ses) && !domain_in(domain, settings_.sign))
        return Reply::notfound();  // someone else's SRS passes through
    if (ses_tagged) {
        auto v = schemes_.ses->verify(key);
        if (v && v->verified) return Reply::ok(v->address);
        auto reason = v ? std::string("SES signature not valid") : v.error().message;
        failed("reverse", key, reason);
        return Reply::perm(reason);
    }
    auto r = schemes_.scheme->reverse_all(key);
    if (r) {
        if (r->case_warning) note_case_warning("reverse", key);
        return Reply::ok(std::move(r->address));
    }
    failed("reverse", key, r.error().message);
    if (srs::kind_of(r.error()) == srs::ErrorKind::store_failed) return Reply::temp(r.error().message);
    return Reply::perm(r.error().message);
}

}  // namespace mailsec::srsd
