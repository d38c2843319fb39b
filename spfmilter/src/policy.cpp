// Access-map policy and reply texts per SPF result (milter.md §3.2, §3.6).
#include "policy.hpp"

#include "mailsec/core/ascii.hpp"
#include "mailsec/spf/result.hpp"

namespace mailsec::spfmilter {

namespace {

bool is_reject(const std::optional<PolicyMatch>& m) { return m && core::iequals(core::trim(m->value), "REJECT"); }
bool is_ok(const std::optional<PolicyMatch>& m) { return m && core::iequals(core::trim(m->value), "OK"); }
std::string key_of(const std::optional<PolicyMatch>& m) { return m ? m->key : "default"; }

Verdict reject(std::string code, std::string xcode, std::vector<std::string> lines, std::string policy) {
    Verdict v{Verdict::Reject, std::move(code), std::move(xcode), {}, std::move(policy)};
    for (auto& l : lines) v.lines.push_back(reply_line(l));
    return v;
}

std::string_view helo_tag(spf::Result r) {
    switch (r) {
        case spf::Result::pass: return "helo-pass";
        case spf::Result::fail: return "helo-fail";
        case spf::Result::softfail: return "helo-softfail";
        case spf::Result::neutral: return "helo-neutral";
        case spf::Result::none: return "helo-none";
        case spf::Result::permerror: return "helo-permerror";
        case spf::Result::temperror: return "helo-temperror";
    }
    return "helo-none";
}

std::string neutral_text(std::string_view receiver, std::string_view sender) {
    return std::string(receiver) + " requires an SPF PASS to accept mail from " + std::string(sender) +
           ". [http://openspf.org]";
}

// SPF-None: first, then SPF-Neutral: (mailsec; Python read only the neutral key).
std::optional<PolicyMatch> none_policy(const AccessTable* t, char sep, std::string_view sender) {
    if (auto m = find_policy(t, "spf-none", sender, sep)) return m;
    return find_policy(t, "spf-neutral", sender, sep);
}

}  // namespace

std::optional<PolicyMatch> find_policy(const AccessTable* table, std::string_view tag, std::string_view address,
                                       char separator) {
    if (table == nullptr) return std::nullopt;
    return lookup_policy(*table, tag, address, separator);
}

Verdict auth_policy(const AccessTable* table, char separator, std::string_view user, std::string_view domain) {
    auto m = find_policy(table, "smtp-auth", std::string(user) + "@" + std::string(domain), separator);
    if (!m || is_ok(m)) return Verdict::accept(key_of(m));
    return reject("550", "5.7.1",
                  {"SMTP user " + std::string(user) + " is not authorized to send from domain " + std::string(domain) + "."},
                  m->key);
}

Verdict helo_policy(const AccessTable* table, char separator, const spf::Outcome& helo, std::string_view explanation) {
    auto m = find_policy(table, helo_tag(helo.result), helo.helo, separator);
    bool rejects = m ? !is_ok(m)
                     : (helo.result == spf::Result::fail || helo.result == spf::Result::softfail ||
                        helo.result == spf::Result::neutral);
    if (!rejects) return Verdict::accept(key_of(m));
    return reject("550", "5.7.1",
                  {std::string(explanation), "The hostname given in your MTA's HELO response is not listed",
                   "as a legitimate MTA in the SPF records for your domain.  If you",
                   "get this bounce, the message was not in fact a forgery, and you",
                   "should IMMEDIATELY notify your email administrator of the problem."},
                  key_of(m));
}

Verdict mail_policy(const AccessTable* t, char sep, const spf::Outcome& mail, std::string_view sender,
                    std::string_view explanation, std::string_view receiver) {
    std::string exp(explanation);
    switch (mail.result) {
        case spf::Result::pass: {
            auto m = find_policy(t, "spf-pass", sender, sep);
            if (!is_reject(m)) return Verdict::accept(key_of(m));
            return reject("550", "5.7.1", {std::string(sender) + " has been blacklisted by " + std::string(receiver) + "."},
                          m->key);
        }
        case spf::Result::fail: {
            auto m = find_policy(t, "spf-fail", sender, sep);
            if (m && !is_reject(m)) return Verdict::accept(m->key);
            return reject("550", "5.7.1", {exp}, key_of(m));
        }
        case spf::Result::softfail: {
            auto m = find_policy(t, "spf-softfail", sender, sep);
            if (!is_reject(m)) return Verdict::accept(key_of(m));
            return reject("550", "5.7.1", {exp}, m->key);  // Python crashed here (code 250)
        }
        case spf::Result::neutral:
        case spf::Result::none: {
            auto m = mail.result == spf::Result::none ? none_policy(t, sep, sender)
                                                      : find_policy(t, "spf-neutral", sender, sep);
            if (!is_reject(m)) return Verdict::accept(key_of(m));
            return reject("550", "5.7.1", {neutral_text(receiver, sender)}, m->key);
        }
        case spf::Result::permerror: {
            auto m = find_policy(t, "spf-permerror", sender, sep);
            if (m && !is_reject(m)) return Verdict::accept(m->key);
            return reject("550", "5.5.2",
                          {exp, "There is a fatal syntax error in the SPF record for " + mail.domain,
                           "We cannot accept mail from " + mail.domain + " until this is corrected."},
                          key_of(m));
        }
        case spf::Result::temperror: {
            auto m = find_policy(t, "spf-temperror", sender, sep);
            if (m && !is_reject(m)) return Verdict::accept(m->key);
            Verdict v = reject("451", "4.3.0", {exp}, key_of(m));
            v.kind = Verdict::Tempfail;
            return v;
        }
    }
    return Verdict::accept();
}

std::string explanation(const spf::Outcome& o, const spf::Options& options) {
    bool failish = o.result == spf::Result::fail || o.result == spf::Result::softfail;
    if (failish && o.explanation == spf::default_explanation(o.result, options))
        return "SPF fail: see http://openspf.org/why.html?sender=" + o.sender + "&ip=" + o.client.to_string();
    return o.explanation;
}

std::string reply_line(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (out.size() + 2 > 980) break;
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) out += ' ';  // CR, LF, NUL, ... would break the reply
        else if (c == '%') out += "%%";
        else out += c;
    }
    if (out.empty()) out = "rejected by SPF policy";
    return out;
}

}  // namespace mailsec::spfmilter
