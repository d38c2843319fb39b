// mailsec::spf::Checker — check_host() of RFC 7208 for the MAIL FROM and HELO
// identities, with the limits, local policy and best guess of spf.md §3 and §5.
//
//   dns::LdnsResolver dns(dns::LdnsOptions{});
//   core::SystemClock clock;
//   spf::Checker checker(dns, spf::Options{.receiver = "mx.example.org"}, clock);
//   auto ip = spf::IpAddress::parse("192.0.2.3");
//   spf::Outcome o = checker.check_mailfrom(*ip, "strong-bad@email.example.com", "mx.example.org");
//   if (o.result == spf::Result::fail) reject(o.smtp_code, o.explanation);
//
// A Checker is immutable after construction: one instance may serve many threads,
// each call keeps its own state (only its parsed-record cache is shared, behind a
// lock). The resolver and clock must outlive it.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mailsec/core/clock.hpp"
#include "mailsec/dns/resolver.hpp"
#include "mailsec/spf/ip_address.hpp"
#include "mailsec/spf/record.hpp"
#include "mailsec/spf/result.hpp"

namespace mailsec::spf {

namespace detail {
class RecordCache;
}

struct Limits {
    int dns_terms = 10;     // RFC 7208 §4.6.4: a mx ptr exists include redirect
    int void_lookups = 2;   // §4.6.4: NXDOMAIN / no answer
    int mx_names = 10;      // §4.6.4: more MX names is a permerror
    int ptr_names = 10;     // §4.6.4: further PTR names are ignored
    std::chrono::milliseconds per_lookup{20000};
    std::chrono::milliseconds total{20000};  // 0 = no overall budget (§4.6.4 "at least 20 seconds")
};

struct Options {
    Limits limits;
    std::string receiver = "unknown";                // %{r}, header receiver
    std::optional<std::string> default_explanation;  // replaces the fail and softfail defaults
    std::string local_policy;                        // spf.md §5, libspf2/pyspf "local"
    std::string delegate_zone;                       // spf.md §5; empty = off
    // Parsed records kept by their exact text and shared by the checks of one
    // Checker (a CPU saving only: DNS is asked on every check); 0 = parse every time.
    std::size_t record_cache = 1024;
};

struct Outcome {
    Result result = Result::none;
    int smtp_code = 250;
    std::string explanation;
    Identity identity = Identity::mailfrom;
    std::string sender, domain, helo;
    IpAddress client;
    std::string receiver;   // Options::receiver, for headers
    std::string mechanism;  // top-level term that matched, as written; empty = default result
    std::string problem;    // permerror: the offending term(s)
    std::string reason;     // permerror/temperror message
    int dns_terms = 0, void_lookups = 0, dns_queries = 0;
    std::chrono::milliseconds elapsed{0};
};

class Checker {
public:
    // Throws std::invalid_argument when options.local_policy does not parse.
    Checker(dns::Resolver& resolver, Options options, const core::Clock& clock);
    ~Checker();
    Checker(const Checker&) = delete;
    Checker& operator=(const Checker&) = delete;

    // An empty sender is the HELO identity (same as check_helo); helo otherwise only feeds %{h}.
    Outcome check_mailfrom(const IpAddress& ip, std::string_view sender, std::string_view helo) const;
    Outcome check_helo(const IpAddress& ip, std::string_view helo) const;
    // Evaluates `record` as the sender domain's record, without looking it up.
    Outcome check_record(std::string_view record, const IpAddress& ip, std::string_view sender,
                         std::string_view helo) const;
    // spf.md §5: a stand-in record for domains without one; permerror reads as neutral.
    Outcome best_guess(const IpAddress& ip, std::string_view sender, std::string_view helo,
                       std::string_view record = "v=spf1 a/24 mx/24 ptr") const;

    const Options& options() const { return options_; }

private:
    dns::Resolver& resolver_;
    Options options_;
    const core::Clock& clock_;
    Record local_policy_;
    std::unique_ptr<detail::RecordCache> records_;  // internally locked
};

// The explanation for a result without an exp= text (spf.md §4 table).
std::string default_explanation(Result result, const Options& options, std::string_view reason = {});

}  // namespace mailsec::spf
