// DNS answers as mailsec sees them: one of five classes that are never conflated
// (dns-mime.md A1), the records of the asked type, and the CNAME chain followed.
//
//   dns::Answer a = resolver.lookup("example.com", dns::RecordType::TXT, 2s);
//   if (a.status == dns::Status::records)
//       for (const auto& txt : a.txt) use(txt.joined());   // RFC 7208 §3.3 join
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsec::dns {

enum class RecordType : std::uint16_t {
    A = 1,
    CNAME = 5,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    SPF = 99,  // RFC 4408 type 99, only when a caller asks for it
};

std::string_view to_string(RecordType type);
// Case-insensitive: "txt", "TXT", "type99", "SPF". nullopt for anything else.
std::optional<RecordType> parse_record_type(std::string_view text);

enum class Status {
    records,       // NOERROR with records of the asked type
    nodata,        // NOERROR, name exists, no records of that type
    nxdomain,      // the (final) name does not exist
    tempfail,      // timeout, SERVFAIL, REFUSED, network error, unparsable reply, CNAME loop
    invalid_name,  // empty label, label > 63 octets, name > 253 octets, non-ASCII: no query sent
};

// "records", "nodata", "nxdomain", "tempfail", "invalid-name" (dnsquery prints these).
std::string_view to_string(Status status);

std::ostream& operator<<(std::ostream& os, Status status);
std::ostream& operator<<(std::ostream& os, RecordType type);

using Ipv4Address = std::array<std::uint8_t, 4>;
using Ipv6Address = std::array<std::uint8_t, 16>;

struct MxRecord {
    std::uint16_t preference = 0;
    std::string exchange;  // lowercase, no trailing dot; "" for a null MX (RFC 7505)
    bool operator==(const MxRecord&) const = default;
};

// One TXT (or type 99) RR: its character-strings, kept separately. Bytes, not text.
struct TxtRecord {
    std::vector<std::string> strings;
    std::string joined() const;  // concatenated with no separator (RFC 7208 §3.3)
    bool operator==(const TxtRecord&) const = default;
};

struct Answer {
    Status status = Status::tempfail;
    RecordType type = RecordType::A;
    std::string name;                      // the queried name, normalised (lowercase, no trailing dot)
    std::vector<std::string> cname_chain;  // CNAME targets followed, in order; empty when none

    // Only the vector matching `type` is filled (TXT and SPF both use `txt`).
    std::vector<Ipv4Address> a;
    std::vector<Ipv6Address> aaaa;
    std::vector<MxRecord> mx;
    std::vector<std::string> ptr;  // lowercase, no trailing dot
    std::vector<TxtRecord> txt;

    // records: minimum TTL over the chain and the records. nodata/nxdomain: the
    // negative TTL from the authority SOA, min(SOA TTL, MINIMUM) (RFC 2308), or
    // nullopt when the reply carried no SOA. Not set for tempfail/invalid_name.
    std::optional<std::uint32_t> ttl;

    // Why, for tempfail and invalid_name ("timeout", "SERVFAIL", "cname-loop",
    // "label longer than 63 octets", ...); empty otherwise.
    std::string diagnostic;

    std::size_t record_count() const;

    // Convenience constructors for resolvers and tests.
    static Answer failure(Status status, std::string_view name, RecordType type, std::string diagnostic);
};

// Renders the records one per line as dnsquery prints them: A/AAAA as addresses,
// MX as "pref name", PTR as the name, TXT as its quoted character-strings
// ("a" "b", with \" \\ and \DDD escapes for bytes outside printable ASCII).
std::vector<std::string> format_records(const Answer& answer);

std::string format_ipv4(const Ipv4Address& a);
std::string format_ipv6(const Ipv6Address& a);

}  // namespace mailsec::dns
