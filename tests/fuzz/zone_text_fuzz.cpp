// Fuzz target for the zone parsers (untrusted text from `spfquery --zone` and suite
// files): parse_zone_text and parse_zone_yaml on the same bytes, then a few lookups
// on whatever zone came out, so the resolver walks fuzzer-made items too.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mailsec/dns/zone_resolver.hpp"

namespace dns = mailsec::dns;

namespace {

// Asks for every type at up to four owners (and at a name no zone has), as the SPF
// checker would, with and without the suite runner's switches.
void exercise(dns::Zone zone, bool suite_mode) {
    std::string owners[4];
    int n = 0;
    for (const auto& entry : zone.owners()) {
        if (n == 4) break;
        owners[n++] = entry.first;
    }
    dns::ZoneResolverOptions options;
    options.invalid_names_tempfail = suite_mode;
    options.negative_ttl = suite_mode ? std::optional<std::uint32_t>(60) : std::nullopt;
    dns::ZoneResolver resolver(std::move(zone), options);
    constexpr dns::RecordType types[] = {dns::RecordType::A,    dns::RecordType::AAAA, dns::RecordType::MX,
                                         dns::RecordType::PTR,  dns::RecordType::TXT,  dns::RecordType::SPF,
                                         dns::RecordType::CNAME};
    for (int i = 0; i <= n; ++i) {
        const std::string& name = i < n ? owners[i] : std::string("error.nowhere.example");
        for (auto type : types) {
            auto answer = resolver.lookup(name, type, std::chrono::seconds{5});
            (void)dns::format_records(answer);
        }
    }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto zone = dns::parse_zone_text(text)) exercise(std::move(*zone), false);
    if (auto zone = dns::parse_zone_yaml(text)) exercise(std::move(*zone), true);
    return 0;
}
