// Internal: the state of one SPF check — check_host() of RFC 7208 §4 with its
// recursion through include/redirect, the §4.6.4 counters, the lazily computed %{p}
// and the time budget. One Evaluation per check; never shared between threads.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/core/clock.hpp"
#include "mailsec/dns/resolver.hpp"
#include "mailsec/spf/checker.hpp"
#include "record_cache.hpp"

namespace mailsec::spf::detail {

// A permerror or temperror: final for the whole check (RFC 7208 §5.2, §6.1).
struct Abort {
    Result result = Result::permerror;
    std::string reason;
    std::string problem;
};

// The outcome of one check_host() that did not abort.
struct HostResult {
    Result result = Result::neutral;
    std::string mechanism;           // matching term as written; empty = default
    std::optional<MacroString> exp;  // exp= of the record that gave the result (§6.2)
    std::string exp_domain;          // <domain> for expanding it
    bool void_answer = false;        // the record lookup got NXDOMAIN / no answer
};

struct Identities {
    IpAddress client;
    std::string sender, local_part, sender_domain, helo;
};

class Evaluation {
public:
    // `who` must outlive the Evaluation; `start` is when the check began (the time
    // budget runs from there).
    Evaluation(dns::Resolver& resolver, const Options& options, const core::Clock& clock, const Identities& who,
               std::chrono::steady_clock::time_point start, RecordCache& records);

    // Looks up <domain>'s record (with the delegate zone at the top, spf.md §5) and
    // evaluates it. nullopt record = none.
    std::shared_ptr<const Record> find_record(std::string_view domain, bool top, bool& void_answer);
    HostResult check_host(std::string_view domain, int depth);
    HostResult evaluate(const Record& record, std::string_view domain, int depth);
    // §6.2: the exp= text for a final fail, or nullopt to use the default.
    std::optional<std::string> explanation(const HostResult& result);

    const std::optional<Abort>& abort() const { return abort_; }
    int dns_terms() const { return dns_terms_; }
    int void_lookups() const { return void_lookups_; }
    int dns_queries() const { return dns_queries_; }
    const Identities& who() const { return who_; }

private:
    bool match(const Directive& d, std::string_view domain, int depth);
    bool match_a(const Directive& d, const std::string& target);
    bool match_mx(const Directive& d, const std::string& target);
    bool match_ptr(const std::string& target);
    bool match_exists(const std::string& target);
    bool match_include(const Directive& d, const std::string& target, int depth);
    HostResult redirect(const Record& record, std::string_view domain, int depth);

    // Expands a directive's target (or uses <domain>); nullopt when it cannot be
    // queried or the check aborted.
    std::optional<std::string> target_of(const Directive& d, std::string_view domain);
    MacroValues macro_values(std::string_view domain, bool count_ptr);
    // expand_domain_spec() with this check's macro values; a spec without macros
    // skips building them (most records name their targets literally).
    core::Result<std::string> expand_spec(const MacroString& spec, std::string_view domain, bool count_ptr);
    core::Result<std::string> validated_name(std::string_view domain, bool count_ptr);
    std::vector<std::string> validated_names(const std::vector<std::string>& names);
    // A or AAAA (by client family) of `name`; true if one is inside the CIDR.
    bool address_match(const dns::Answer& answer, const Directive* d) const;

    dns::Answer query(std::string_view name, dns::RecordType type);
    dns::RecordType address_type() const;
    bool count_term(std::string_view term);
    bool count_void(std::string_view term);
    void fail(Result result, std::string reason, std::string problem = {});

    dns::Resolver& resolver_;
    const Options& options_;
    const core::Clock& clock_;
    const Identities& who_;
    RecordCache& records_;
    std::optional<std::chrono::steady_clock::time_point> budget_end_;
    std::optional<std::vector<std::string>> ptr_validated_;  // %{p}, once per check
    std::optional<Abort> abort_;
    int dns_terms_ = 0, void_lookups_ = 0, dns_queries_ = 0;
};

}  // namespace mailsec::spf::detail
