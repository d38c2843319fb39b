// check_host() of RFC 7208 §4: record lookup and selection (§4.4-4.5), evaluation
// order (§4.6.2), redirect= (§6.1), and the processing limits of §4.6.4.
#include "evaluation.hpp"

#include <algorithm>

#include "domain.hpp"
#include "mailsec/core/ascii.hpp"

namespace mailsec::spf::detail {
namespace {

// Recursion is bounded by the DNS-term limit; this guard holds even when a caller
// raises that limit (spf.md §3, §8 #10).
constexpr int max_depth = 32;

}  // namespace

Evaluation::Evaluation(dns::Resolver& resolver, const Options& options, const core::Clock& clock,
                       const Identities& who, std::chrono::steady_clock::time_point start, RecordCache& records)
    : resolver_(resolver), options_(options), clock_(clock), who_(who), records_(records) {
    if (options_.limits.total.count() > 0) budget_end_ = start + options_.limits.total;
}

void Evaluation::fail(Result result, std::string reason, std::string problem) {
    if (!abort_) abort_ = Abort{result, std::move(reason), std::move(problem)};
}

dns::Answer Evaluation::query(std::string_view name, dns::RecordType type) {
    // When the per-lookup timeout cannot end before the overall budget (as with the
    // defaults, both 20 s), the budget's end is every lookup's deadline and the
    // resolver enforces it: no clock read here (one per lookup is measurable).
    if (budget_end_ && options_.limits.per_lookup >= options_.limits.total) {
        ++dns_queries_;
        return resolver_.lookup(name, type, *budget_end_);
    }
    auto now = std::chrono::steady_clock::now();
    auto deadline = now + options_.limits.per_lookup;
    if (budget_end_) {
        if (now >= *budget_end_) return dns::Answer::failure(dns::Status::tempfail, name, type, "time budget spent");
        deadline = std::min(deadline, *budget_end_);
    }
    ++dns_queries_;
    return resolver_.lookup(name, type, deadline);
}

dns::RecordType Evaluation::address_type() const {
    return who_.client.is_v4() ? dns::RecordType::A : dns::RecordType::AAAA;
}

// §4.6.4: the 11th mechanism or modifier that does DNS lookups is a permerror.
bool Evaluation::count_term(std::string_view term) {
    if (++dns_terms_ <= options_.limits.dns_terms) return true;
    fail(Result::permerror, "Too many DNS lookups", std::string(term));
    return false;
}

// §4.6.4: more than two void lookups is a permerror.
bool Evaluation::count_void(std::string_view term) {
    if (++void_lookups_ <= options_.limits.void_lookups) return true;
    fail(Result::permerror, "Too many void DNS lookups", std::string(term));
    return false;
}

std::shared_ptr<const Record> Evaluation::find_record(std::string_view domain, bool top, bool& void_answer) {
    // §4.4: TXT only; type 99 is never queried (spf.md §3).
    dns::Answer answer = query(domain, dns::RecordType::TXT);
    if (answer.status == dns::Status::tempfail) {
        fail(Result::temperror, "DNS error looking up " + std::string(domain) + " TXT: " + answer.diagnostic);
        return nullptr;
    }
    void_answer = answer.status != dns::Status::records;
    if (void_answer && top && !options_.delegate_zone.empty()) {
        std::string delegated = std::string(domain) + "._spf." + options_.delegate_zone;
        bool ignored = false;
        if (queryable(delegated)) return find_record(delegated, false, ignored);
    }
    // §3.3: an RR's strings joined with no separator. Most records are one string,
    // read in place; only multi-string RRs are joined.
    std::string joined;
    std::string_view found;
    int count = 0;
    for (const auto& txt : answer.txt) {
        std::string multi;
        std::string_view text;
        if (txt.strings.size() == 1) {
            text = txt.strings.front();
        } else {
            multi = txt.joined();
            text = multi;
        }
        if (!is_spf_record(text)) continue;
        if (++count > 1) {  // §4.5: even identical copies
            fail(Result::permerror, "Two or more type TXT spf records found", std::string(domain));
            return nullptr;
        }
        if (txt.strings.size() == 1) {
            found = text;
        } else {
            joined = std::move(multi);
            found = joined;
        }
    }
    if (count == 0) return nullptr;
    auto parsed = records_.parse(found);
    if (parsed->error) {
        fail(Result::permerror, parsed->error->reason, parsed->error->term);
        return nullptr;
    }
    return std::shared_ptr<const Record>(parsed, &parsed->record);
}

HostResult Evaluation::check_host(std::string_view domain, int depth) {
    HostResult none{Result::none, {}, {}, {}, false};
    if (depth > max_depth) {
        fail(Result::permerror, "Include or redirect nesting too deep", std::string(domain));
        return none;
    }
    auto record = find_record(domain, false, none.void_answer);
    if (!record) return none;
    HostResult out = evaluate(*record, domain, depth);
    out.void_answer = false;
    return out;
}

HostResult Evaluation::evaluate(const Record& record, std::string_view domain, int depth) {
    for (const Directive& d : record.directives) {
        bool matched = match(d, domain, depth);
        if (abort_) return {};
        if (!matched) continue;
        Result result = result_of(d.qualifier);
        // §6.2: exp= is used only for fail; copy it only then.
        if (result != Result::fail || !record.exp) return HostResult{result, d.text, {}, {}, false};
        return HostResult{result, d.text, record.exp, std::string(domain), false};
    }
    if (record.redirect) return redirect(record, domain, depth);  // §6.1: only if nothing matched
    return HostResult{Result::neutral, {}, {}, {}, false};        // §4.7 default result
}

HostResult Evaluation::redirect(const Record& record, std::string_view domain, int depth) {
    // The term text is only needed for error reports: build it then.
    auto term = [&] { return "redirect=" + record.redirect->text; };
    if (dns_terms_ >= options_.limits.dns_terms) {
        count_term(term());  // the term over the limit: permerror
        return {};
    }
    count_term({});
    auto name = expand_spec(*record.redirect, domain, true);
    if (abort_) return {};
    auto target = name ? valid_fqdn_view(*name) : std::nullopt;
    if (!target) {
        fail(Result::permerror, "Invalid redirect target", term());
        return {};
    }
    HostResult result = check_host(*target, depth + 1);
    if (abort_ || (result.void_answer && !count_void(term()))) return {};
    // §6.1: a target without a record is a permerror; otherwise its result is final,
    // exp= included (the first record's exp is discarded).
    if (result.result == Result::none) fail(Result::permerror, "No SPF record at redirect target", term());
    return result;
}

MacroValues Evaluation::macro_values(std::string_view domain, bool count_ptr) {
    MacroValues v;
    v.sender = who_.sender;
    v.local_part = who_.local_part;
    v.sender_domain = who_.sender_domain;
    v.domain = domain;
    v.helo = who_.helo;
    v.receiver = options_.receiver;
    v.client = who_.client;
    v.now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
    v.validated_name = [this, domain, count_ptr] { return validated_name(domain, count_ptr); };
    return v;
}

core::Result<std::string> Evaluation::expand_spec(const MacroString& spec, std::string_view domain, bool count_ptr) {
    if (!spec.has_macros()) return expand_domain_spec(spec, MacroValues{});
    return expand_domain_spec(spec, macro_values(domain, count_ptr));
}

std::optional<std::string> Evaluation::target_of(const Directive& d, std::string_view domain) {
    if (!d.domain) return std::string(domain);
    auto name = expand_spec(*d.domain, domain, true);
    if (abort_) return std::nullopt;
    if (!name) {
        fail(Result::permerror, name.error().message, d.text);
        return std::nullopt;
    }
    // spf.md §3: a target no query can be composed from is a no-match, without a query.
    if (!queryable(*name)) return std::nullopt;
    return std::move(*name);
}

// %{p} (§7.3): PTR names of the client, validated; prefer <domain>, then a subdomain
// of it, then any. The PTR query is made once per check and, outside exp text, counts
// as a DNS term (§4.6.4, spf.md §3).
core::Result<std::string> Evaluation::validated_name(std::string_view domain, bool count_ptr) {
    if (!ptr_validated_) {
        if (count_ptr && !count_term("%{p}")) return core::make_error("limit", "Too many DNS lookups");
        dns::Answer answer = query(who_.client.reverse_name(), dns::RecordType::PTR);
        ptr_validated_ = validated_names(answer.ptr);
    }
    const auto& names = *ptr_validated_;
    if (names.empty()) return std::string("unknown");
    for (const auto& n : names)
        if (core::iequals(n, domain)) return n;
    for (const auto& n : names)
        if (is_subdomain_or_same(n, domain)) return n;
    return names.front();
}

}  // namespace mailsec::spf::detail
