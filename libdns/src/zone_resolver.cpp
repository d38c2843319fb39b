// dns::ZoneResolver: answers from an immutable Zone by spf.md §7 "Fake DNS rules",
// behaving as a recursive resolver in front of that zone would (dns-mime.md A1).
#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "mailsec/core/ascii.hpp"
#include "mailsec/dns/zone_resolver.hpp"

namespace mailsec::dns {

namespace {

constexpr std::size_t max_label = 63;
constexpr std::size_t max_name = 253;

// Rule 2 asks only for the structural checks (empty label, label over 63 octets;
// a name over 253 octets cannot be sent either). Unlike normalize_name, any byte
// is allowed in a label: the suites' owners contain spaces and '%', and their
// macro tests query those names.
// Returns the problem, or nullptr (no allocation: this runs on every lookup).
const char* name_problem(std::string_view raw, std::string_view name) {
    if (raw.empty()) return "empty name";
    if (name.size() > max_name) return "name longer than 253 octets";
    std::size_t label = 0;
    for (std::size_t i = 0; i <= name.size(); ++i) {
        if (i == name.size() || name[i] == '.') {
            if (label == 0) return "empty label";
            label = 0;
        } else if (++label > max_label) {
            return "label longer than 63 octets";
        }
    }
    return nullptr;
}

std::string strip_and_lower(std::string_view name) {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    return core::to_lower(name);
}

// What walking one owner's items gave (rule 4).
struct Walk {
    enum class Outcome { done, timeout, cname } outcome = Outcome::done;
    bool seen = false;   // records of the asked type were added
    std::string target;  // for cname
    std::uint32_t ttl = std::numeric_limits<std::uint32_t>::max();
};

template <typename T>
bool append_if(const ZoneItem::Data& data, std::vector<T>& out) {
    const auto* value = std::get_if<T>(&data);
    if (value) out.push_back(*value);
    return value != nullptr;
}

// Adds the item's value to the vector matching the asked type. Items whose data
// does not fit their type (only possible through Zone::add) are skipped.
bool add_record(Answer& answer, const ZoneItem& item) {
    switch (answer.type) {
        case RecordType::A: return append_if(item.data, answer.a);
        case RecordType::AAAA: return append_if(item.data, answer.aaaa);
        case RecordType::MX: return append_if(item.data, answer.mx);
        case RecordType::PTR: return append_if(item.data, answer.ptr);
        case RecordType::TXT:
        case RecordType::SPF: return append_if(item.data, answer.txt);
        // Answer has no CNAME vector: an explicit CNAME query reports the target in
        // cname_chain (record_count() stays 0).
        case RecordType::CNAME: return append_if(item.data, answer.cname_chain);
    }
    return false;
}

// Rule 4, plus rule 5's "the owner has a CNAME item": items in order; a bare
// TIMEOUT fails unless records were already seen (then the answer ends there); a
// typed TIMEOUT fails only its type; a CNAME met before any record is followed.
Walk walk_owner(const std::vector<ZoneItem>& items, Answer& answer) {
    Walk walk;
    if (answer.type == RecordType::TXT || answer.type == RecordType::SPF) answer.txt.reserve(items.size());
    for (const auto& item : items) {
        if (const auto* timeout = std::get_if<ZoneItem::Timeout>(&item.data)) {
            if (timeout->only && *timeout->only != answer.type) continue;
            if (timeout->only) {
                walk.outcome = Walk::Outcome::timeout;
                return walk;
            }
            if (!walk.seen) walk.outcome = Walk::Outcome::timeout;
            return walk;
        }
        if (item.type == RecordType::CNAME && answer.type != RecordType::CNAME && !walk.seen) {
            if (const auto* target = std::get_if<std::string>(&item.data)) {
                walk.outcome = Walk::Outcome::cname;
                walk.target = *target;
                walk.ttl = item.ttl;
                return walk;
            }
        }
        if (item.type == answer.type && add_record(answer, item)) {
            walk.seen = true;
            walk.ttl = std::min(walk.ttl, item.ttl);
        }
    }
    return walk;
}

Answer tempfail(const Answer& base, std::string diagnostic) {
    return Answer::failure(Status::tempfail, base.name, base.type, std::move(diagnostic));
}

// nodata and nxdomain: a zone has no SOA, so the TTL is whatever the options say.
Answer negative(Answer answer, Status status, const ZoneResolverOptions& options) {
    answer.status = status;
    answer.ttl = options.negative_ttl;
    return answer;
}

// Rules 3-5 from the query name along the CNAME chain to the final owner.
Answer resolve(const Zone& zone, const ZoneResolverOptions& options, Answer answer) {
    // A view: into answer.name, then into the chain's last entry (re-pointed after
    // each push_back, so it never dangles).
    std::string_view current = answer.name;
    std::uint32_t ttl = std::numeric_limits<std::uint32_t>::max();
    for (int hops = 0;; ++hops) {
        if (current.empty()) return negative(std::move(answer), Status::nodata, options);  // rule 5: CNAME to ""
        auto owner = zone.owners().find(current);
        if (owner == zone.owners().end()) {
            // Rule 3: missing owners do not exist, except "error." ones (a server failure).
            if (options.error_prefix_tempfail && current.starts_with("error.")) return tempfail(answer, "SERVFAIL");
            return negative(std::move(answer), Status::nxdomain, options);
        }
        Walk walk = walk_owner(owner->second, answer);
        if (walk.outcome == Walk::Outcome::timeout) return tempfail(answer, "timeout");
        ttl = std::min(ttl, walk.ttl);
        if (walk.outcome == Walk::Outcome::done && !walk.seen)
            return negative(std::move(answer), Status::nodata, options);
        if (walk.outcome == Walk::Outcome::done) {
            answer.status = Status::records;
            answer.ttl = ttl;  // minimum over the chain and the records (answer.hpp)
            return answer;
        }
        // RFC 1034 §3.6.2: a loop is an error, as is a chain longer than resolvers follow.
        const auto& chain = answer.cname_chain;
        if (walk.target == answer.name || std::find(chain.begin(), chain.end(), walk.target) != chain.end())
            return tempfail(answer, "cname-loop");
        if (hops + 1 > max_cname_hops) return tempfail(answer, "cname-too-long");
        answer.cname_chain.push_back(std::move(walk.target));
        current = answer.cname_chain.back();
    }
}

}  // namespace

ZoneResolver::ZoneResolver(Zone zone, ZoneResolverOptions options)
    : zone_(std::move(zone)), options_(options) {}

std::uint64_t ZoneResolver::lookups() const { return lookups_.load(std::memory_order_relaxed); }

// Every call counts, including ones rejected before the zone is consulted.
Answer ZoneResolver::lookup(std::string_view name, RecordType type, Deadline deadline) {
    lookups_.fetch_add(1, std::memory_order_relaxed);
    Answer answer;
    answer.name = strip_and_lower(name);
    answer.type = type;
    const std::string& key = answer.name;
    // Rule 2: the root name exists nowhere in a test zone.
    if (name == ".") return negative(std::move(answer), Status::nxdomain, options_);
    if (auto problem = name_problem(name, key)) {
        // Rule 2: the suite runner turns a name no correct checker sends into a visible temperror.
        Status status = options_.invalid_names_tempfail ? Status::tempfail : Status::invalid_name;
        return Answer::failure(status, key, type, problem);
    }
    // The zone answers at once, so only a deadline that has already passed can expire.
    if (std::chrono::steady_clock::now() >= deadline) return tempfail(answer, "timeout");
    return resolve(zone_, options_, std::move(answer));
}

}  // namespace mailsec::dns
