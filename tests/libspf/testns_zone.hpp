// Test helper: an ldns-testns datafile (dns-mime.md A4) that serves a dns::Zone
// the way dns::ZoneResolver answers it, so a suite scenario can be replayed over
// real DNS on 127.0.0.1 through LdnsResolver.
#pragma once

#include <string>

#include "mailsec/dns/zone_resolver.hpp"

namespace mailsec::testing {

// One entry per (owner, type) for A, AAAA, MX, PTR and TXT, with the answer the
// ZoneResolver gives: records (CNAME chain included), NODATA or NXDOMAIN with an
// SOA, SERVFAIL for a TIMEOUT item. Ends with the catch-all NXDOMAIN entry that
// ldns-testns needs (trap 1: an unmatched query gets no reply). Owners with bytes
// a zone file cannot carry (space, '%', ...) are left out.
std::string testns_datafile(const dns::Zone& zone);

}  // namespace mailsec::testing
