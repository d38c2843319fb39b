// mailsec::dns::Zone and ZoneResolver — DNS answered from memory, for tests, the
// SPF conformance suites and `spfquery --zone`. Rules: spf.md §7 "Fake DNS rules".
//
//   dns::Zone zone;
//   zone.add_txt("example.com", {"v=spf1 ", "-all"});
//   zone.add_a("mail.example.com", {192, 0, 2, 1});
//   zone.add_timeout("slow.example.com");           // every type times out
//   dns::ZoneResolver r(std::move(zone));
//
// From text (one RR per line, zone-file-like):
//   ; comment
//   example.com.        TXT  "v=spf1 " "mx -all"
//   example.com         MX   10 mail.example.com
//   mail.example.com    A    192.0.2.1
//   slow.example.com    TIMEOUT          ; every type
//   half.example.com    TIMEOUT AAAA     ; only AAAA
// An optional TTL and class may stand between owner and type ("x 300 IN A 1.2.3.4").
//
// From YAML: the `zonedata` mapping of the RFC 7208 suites (owner -> list of items).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mailsec/core/result.hpp"
#include "mailsec/dns/resolver.hpp"

namespace mailsec::dns {

// One item of an owner's list, in order (order matters for TIMEOUT, rule 4).
struct ZoneItem {
    struct Timeout {
        std::optional<RecordType> only;  // nullopt: bare TIMEOUT
    };
    using Data = std::variant<Ipv4Address, Ipv6Address, MxRecord, TxtRecord, std::string, Timeout>;

    RecordType type = RecordType::A;  // for Timeout: ignored (see Timeout::only)
    Data data;                        // std::string: PTR or CNAME target
    std::uint32_t ttl = 3600;
};

class Zone {
public:
    // Owner names are stored with one trailing dot stripped and lowercased, otherwise
    // verbatim (the suites use owners with spaces, '%', ':' and '/').
    void add_a(std::string_view owner, Ipv4Address address, std::uint32_t ttl = 3600);
    void add_aaaa(std::string_view owner, Ipv6Address address, std::uint32_t ttl = 3600);
    void add_mx(std::string_view owner, std::uint16_t preference, std::string_view exchange, std::uint32_t ttl = 3600);
    void add_ptr(std::string_view owner, std::string_view target, std::uint32_t ttl = 3600);
    void add_cname(std::string_view owner, std::string_view target, std::uint32_t ttl = 3600);
    void add_txt(std::string_view owner, std::vector<std::string> strings, std::uint32_t ttl = 3600);
    void add_spf(std::string_view owner, std::vector<std::string> strings, std::uint32_t ttl = 3600);
    void add_timeout(std::string_view owner, std::optional<RecordType> only = std::nullopt);
    // Makes the owner exist with no records (so lookups answer nodata). Also how the
    // suites' `TXT: NONE` marks an owner as having a TXT item.
    void add_empty(std::string_view owner);
    void add(std::string_view owner, ZoneItem item);

    // Applies spf.md rule 1 (SPF RRs also served as TXT when the owner has no TXT
    // item). Called by the YAML loader; call it yourself for zones built in code
    // that should behave like the suites.
    void copy_spf_to_txt();

    bool contains(std::string_view owner) const;
    // std::less<> lets lookups find a std::string_view without building a string.
    using Owners = std::map<std::string, std::vector<ZoneItem>, std::less<>>;
    const Owners& owners() const { return owners_; }

private:
    Owners owners_;
    std::map<std::string, bool> has_txt_item_;
};

// Parses the zone-file-like text above. Errors (code "zone-syntax") name the line:
// "line 3: bad IPv4 address '192.0.2'". Also: `$TTL N`; TXT/SPF/TYPE99 strings quoted
// with \" \\ \DDD escapes, or bare words; a quoted owner for names with spaces; MX
// or CNAME target "." is "". Not supported: $ORIGIN, '@', ( ) continuation lines.
// Unlike the YAML loader, it does not apply rule 1: a text zone is a real zone.
core::Result<Zone> parse_zone_text(std::string_view text);

// Parses a YAML mapping `owner: [items...]` as in the suites' `zonedata`, with the
// suites' string decoding and rule 1 applied. The suite runner passes
// YAML::Dump(scenario["zonedata"]); that round trip keeps every suite string's bytes.
// Errors are values (code "zone-syntax", "line N: ..." when yaml-cpp knows the line).
core::Result<Zone> parse_zone_yaml(std::string_view yaml);

struct ZoneResolverOptions {
    // spf.md rule 2: the suite runner answers tempfail for names with an empty or
    // over-long label, so a checker that sends one shows up as temperror. Default:
    // invalid_name without a lookup, as every Resolver.
    bool invalid_names_tempfail = false;
    // spf.md rule 3: owners starting "error." answer tempfail when missing.
    bool error_prefix_tempfail = true;
    // The TTL given to nodata and nxdomain answers. A zone has no SOA, so by default
    // they carry none (and CachingResolver does not cache them, as with a real reply
    // without SOA); set it to exercise negative caching.
    std::optional<std::uint32_t> negative_ttl;
};

// Answers at once, never sleeping: a TIMEOUT item or a deadline already past gives
// tempfail "timeout". Query names are checked only for structure (empty label, label
// over 63 or name over 253 octets): unlike normalize_name, spaces and other bytes
// pass, because the suites' owners and macro tests use them. A direct CNAME query
// (never made by mailsec) answers records with the target in cname_chain.
// Thread-safe: the zone is not changed after construction.
class ZoneResolver final : public Resolver {
public:
    explicit ZoneResolver(Zone zone, ZoneResolverOptions options = {});

    using Resolver::lookup;
    Answer lookup(std::string_view name, RecordType type, Deadline deadline) override;

    // Number of lookups answered so far (tests count queries with it).
    std::uint64_t lookups() const;

private:
    Zone zone_;
    ZoneResolverOptions options_;
    mutable std::atomic<std::uint64_t> lookups_{0};
};

}  // namespace mailsec::dns
