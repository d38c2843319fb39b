// Mechanism evaluation, RFC 7208 §5.1-5.7, with the limits of §4.6.4 and the
// decisions of spf.md §3 and §8.
#include <algorithm>

#include "domain.hpp"
#include "evaluation.hpp"

namespace mailsec::spf::detail {

bool Evaluation::match(const Directive& d, std::string_view domain, int depth) {
    switch (d.mechanism) {
        case Mechanism::all: return true;
        case Mechanism::ip4: return who_.client.in_network(d.network, d.cidr4);  // never an IPv6 client
        case Mechanism::ip6: return who_.client.in_network(d.network, d.cidr6);  // never an IPv4 client
        default: break;
    }
    if (!count_term(d.text)) return false;  // counted when evaluated (§4.6.4)
    if (d.mechanism == Mechanism::include) {
        if (!d.domain) return false;
        auto name = expand_spec(*d.domain, domain, true);
        if (abort_) return false;
        if (!name) {
            fail(Result::permerror, name.error().message, d.text);
            return false;
        }
        return match_include(d, *name, depth);
    }
    auto target = target_of(d, domain);
    if (!target) return false;
    switch (d.mechanism) {
        case Mechanism::a: return match_a(d, *target);
        case Mechanism::mx: return match_mx(d, *target);
        case Mechanism::ptr: return match_ptr(*target);
        case Mechanism::exists: return match_exists(*target);
        default: return false;
    }
}

bool Evaluation::address_match(const dns::Answer& answer, const Directive* d) const {
    const IpAddress& client = who_.client;
    if (client.is_v4()) {
        int prefix = d ? d->cidr4 : 32;
        return std::any_of(answer.a.begin(), answer.a.end(),
                           [&](const auto& a) { return client.in_network(IpAddress::v4(a), prefix); });
    }
    int prefix = d ? d->cidr6 : 128;
    return std::any_of(answer.aaaa.begin(), answer.aaaa.end(),
                       [&](const auto& a) { return client.in_network(IpAddress::v6_unmapped(a), prefix); });
}

// §5.3: A for IPv4 clients, AAAA for IPv6 clients, compared under the CIDR.
bool Evaluation::match_a(const Directive& d, const std::string& target) {
    dns::Answer answer = query(target, address_type());
    if (answer.status == dns::Status::tempfail) {
        fail(Result::temperror, "DNS error looking up " + target + ": " + answer.diagnostic, d.text);
        return false;
    }
    if (answer.status == dns::Status::nxdomain || answer.status == dns::Status::nodata) {
        count_void(d.text);
        return false;
    }
    return address_match(answer, &d);
}

// §5.4: MX names, then their addresses; no fallback to A; null MX matches nothing.
bool Evaluation::match_mx(const Directive& d, const std::string& target) {
    dns::Answer answer = query(target, dns::RecordType::MX);
    if (answer.status == dns::Status::tempfail) {
        fail(Result::temperror, "DNS error looking up " + target + " MX: " + answer.diagnostic, d.text);
        return false;
    }
    if (answer.status == dns::Status::nxdomain || answer.status == dns::Status::nodata) {
        count_void(d.text);
        return false;
    }
    if (static_cast<int>(answer.mx.size()) > options_.limits.mx_names) {  // §4.6.4
        fail(Result::permerror, "Too many MX records", d.text);
        return false;
    }
    for (const auto& mx : answer.mx) {
        if (mx.exchange.empty() || !queryable(mx.exchange)) continue;
        dns::Answer addresses = query(mx.exchange, address_type());
        if (addresses.status == dns::Status::tempfail) {
            fail(Result::temperror, "DNS error looking up " + mx.exchange + ": " + addresses.diagnostic, d.text);
            return false;
        }
        if (address_match(addresses, &d)) return true;
    }
    return false;
}

// §5.5: keep PTR names (first ptr_names, answer order) whose A/AAAA holds the client.
// A DNS error while validating one name skips it (spf.md §8 #6).
std::vector<std::string> Evaluation::validated_names(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    std::size_t limit = std::min(names.size(), static_cast<std::size_t>(std::max(options_.limits.ptr_names, 0)));
    for (std::size_t i = 0; i < limit; ++i) {
        if (!queryable(names[i])) continue;
        dns::Answer answer = query(names[i], address_type());
        if (answer.status == dns::Status::records && address_match(answer, nullptr)) out.push_back(names[i]);
    }
    return out;
}

bool Evaluation::match_ptr(const std::string& target) {
    dns::Answer answer = query(who_.client.reverse_name(), dns::RecordType::PTR);
    if (answer.status == dns::Status::tempfail) return false;  // spf.md §3: no match
    if (answer.status == dns::Status::nxdomain || answer.status == dns::Status::nodata) {
        count_void("ptr");
        return false;
    }
    // Validate only names that could match the target: the result is the same as
    // validating all first, with fewer queries.
    std::vector<std::string> candidates;
    std::size_t limit = std::min(answer.ptr.size(), static_cast<std::size_t>(std::max(options_.limits.ptr_names, 0)));
    for (std::size_t i = 0; i < limit; ++i)
        if (is_subdomain_or_same(answer.ptr[i], target)) candidates.push_back(answer.ptr[i]);
    return !validated_names(candidates).empty();
}

// §5.7: always an A query, also for IPv6 clients; any record matches.
bool Evaluation::match_exists(const std::string& target) {
    dns::Answer answer = query(target, dns::RecordType::A);
    if (answer.status == dns::Status::tempfail) {
        fail(Result::temperror, "DNS error looking up " + target + ": " + answer.diagnostic, "exists:" + target);
        return false;
    }
    if (answer.status != dns::Status::records) {
        if (answer.status != dns::Status::invalid_name) count_void("exists:" + target);
        return false;
    }
    return true;
}

// §5.2: pass matches; fail/softfail/neutral do not; errors propagate; none is a permerror.
bool Evaluation::match_include(const Directive& d, const std::string& name, int depth) {
    auto target = valid_fqdn_view(name);
    if (!target) {
        fail(Result::permerror, "Invalid include target", d.text);
        return false;
    }
    HostResult inner = check_host(*target, depth + 1);
    if (abort_ || (inner.void_answer && !count_void(d.text))) return false;
    switch (inner.result) {
        case Result::pass: return true;
        case Result::none: fail(Result::permerror, "No SPF record at include target", d.text); return false;
        default: return false;  // include's exp= is never used (§5.2)
    }
}

}  // namespace mailsec::spf::detail
