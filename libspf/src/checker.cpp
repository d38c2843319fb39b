// The public entry points: initial processing of RFC 7208 §4.1-4.3 (identities,
// sender split, domain validation), local policy and best guess (spf.md §5), and
// turning one check's state into an Outcome.
#include "mailsec/spf/checker.hpp"

#include <stdexcept>

#include "domain.hpp"
#include "evaluation.hpp"
#include "record_cache.hpp"

namespace mailsec::spf {
namespace {

enum class Mode { lookup, supplied, best_guess };

struct Prepared {
    detail::Identities who;
    Identity identity = Identity::mailfrom;
    bool valid_domain = false;  // who.sender_domain is a valid FQDN; otherwise the result is none (§4.3)
};

// §4.3: split at the last '@' (spf.md §8 #11); an empty sender is the HELO identity,
// checked as postmaster@<helo>; a missing local part is "postmaster".
Prepared prepare(const IpAddress& ip, std::string_view sender, std::string_view helo) {
    Prepared p;
    p.who.client = ip;
    p.who.helo = std::string(helo);
    std::string_view local, domain = helo;
    if (sender.empty()) {
        p.identity = Identity::helo;
    } else if (auto at = sender.rfind('@'); at != std::string_view::npos) {
        local = sender.substr(0, at);
        domain = sender.substr(at + 1);
    } else {
        domain = sender;
    }
    auto valid = detail::valid_fqdn_view(domain);
    p.valid_domain = valid.has_value();
    p.who.sender_domain = valid ? *valid : domain;
    p.who.local_part = local.empty() ? "postmaster" : std::string(local);
    p.who.sender = local.empty() ? p.who.local_part + "@" + p.who.sender_domain : std::string(sender);
    return p;
}

// spf.md §5: the policy's terms go right after the last directive without an
// explicit qualifier; a record without terms takes the policy as its terms.
Record with_local_policy(Record record, const Record& policy) {
    auto& ds = record.directives;
    if (ds.empty() && !record.redirect && !record.exp) {
        ds = policy.directives;
        return record;
    }
    for (std::size_t i = ds.size(); i-- > 0;) {
        if (!ds[i].explicit_qualifier) {
            ds.insert(ds.begin() + static_cast<std::ptrdiff_t>(i + 1), policy.directives.begin(),
                      policy.directives.end());
            break;
        }
    }
    return record;
}

void finish_abort(Outcome& o, const detail::Abort& abort) {
    o.result = abort.result;
    o.reason = abort.reason;
    if (abort.result == Result::permerror) o.problem = abort.problem;
}

}  // namespace

Checker::Checker(dns::Resolver& resolver, Options options, const core::Clock& clock)
    : resolver_(resolver), options_(std::move(options)), clock_(clock) {
    ParsedRecord policy = parse_terms(options_.local_policy);
    if (!policy) throw std::invalid_argument("local policy: " + policy.error->reason + ": " + policy.error->term);
    if (policy.record.redirect || policy.record.exp)
        throw std::invalid_argument("local policy: redirect= and exp= are not allowed");
    local_policy_ = std::move(policy.record);
    records_ = std::make_unique<detail::RecordCache>(options_.record_cache);
}

Checker::~Checker() = default;

namespace {

Outcome run(dns::Resolver& resolver, const Options& options, const core::Clock& clock, const Record& policy,
            detail::RecordCache& records,
            Prepared p, Mode mode, std::string_view record_text) {
    auto start = std::chrono::steady_clock::now();
    Outcome o;
    o.identity = p.identity;
    o.client = p.who.client;
    o.receiver = options.receiver;
    detail::Evaluation ev(resolver, options, clock, p.who, start, records);
    std::optional<detail::HostResult> host;
    if (p.valid_domain) {
        const std::string& domain = p.who.sender_domain;
        std::shared_ptr<const Record> record;
        if (mode == Mode::lookup) {
            bool void_answer = false;
            record = ev.find_record(domain, true, void_answer);
        } else if (auto parsed = records.parse(record_text); !parsed->error) {
            record = std::shared_ptr<const Record>(parsed, &parsed->record);
        } else {
            finish_abort(o, detail::Abort{Result::permerror, parsed->error->reason, parsed->error->term});
        }
        if (record && !ev.abort()) {
            // The cached record is shared: splice the local policy into a copy.
            if (mode != Mode::best_guess && !policy.directives.empty())
                record = std::make_shared<const Record>(with_local_policy(*record, policy));
            host = ev.evaluate(*record, domain, 0);
        }
    }
    if (ev.abort()) {
        finish_abort(o, *ev.abort());
    } else if (host) {
        o.result = host->result;
        o.mechanism = std::move(host->mechanism);
    }
    std::optional<std::string> exp;
    if (o.result == Result::fail && host) exp = ev.explanation(*host);  // §6.2: final fail only
    if (mode == Mode::best_guess && o.result == Result::permerror) {  // spf.md §5
        o.result = Result::neutral;
        o.reason.clear();
        o.problem.clear();
    }
    if (exp) {
        o.explanation = std::move(*exp);
    } else if (o.result == Result::permerror || o.result == Result::temperror) {
        o.explanation = default_explanation(o.result, options, o.problem.empty() ? o.reason : o.reason + ": " + o.problem);
    } else {
        o.explanation = default_explanation(o.result, options);
    }
    o.smtp_code = smtp_code(o.result);
    // The identities are no longer needed by the evaluation: move them out.
    o.sender = std::move(p.who.sender);
    o.domain = std::move(p.who.sender_domain);
    o.helo = std::move(p.who.helo);
    o.dns_terms = ev.dns_terms();
    o.void_lookups = ev.void_lookups();
    o.dns_queries = ev.dns_queries();
    o.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    return o;
}

}  // namespace

Outcome Checker::check_mailfrom(const IpAddress& ip, std::string_view sender, std::string_view helo) const {
    return run(resolver_, options_, clock_, local_policy_, *records_, prepare(ip, sender, helo), Mode::lookup, {});
}

Outcome Checker::check_helo(const IpAddress& ip, std::string_view helo) const { return check_mailfrom(ip, "", helo); }

Outcome Checker::check_record(std::string_view record, const IpAddress& ip, std::string_view sender,
                              std::string_view helo) const {
    return run(resolver_, options_, clock_, local_policy_, *records_, prepare(ip, sender, helo), Mode::supplied, record);
}

Outcome Checker::best_guess(const IpAddress& ip, std::string_view sender, std::string_view helo,
                            std::string_view record) const {
    return run(resolver_, options_, clock_, local_policy_, *records_, prepare(ip, sender, helo), Mode::best_guess, record);
}

}  // namespace mailsec::spf
