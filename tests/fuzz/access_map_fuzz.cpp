// Fuzz target: spfmilter's text access-map parser and the policy lookup over the
// result (the map file and the envelope addresses are untrusted input).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "access_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> warnings;
    auto table = mailsec::spfmilter::parse_access_text(text, "fuzz", warnings);
    // The first line doubles as an address to look up, so lookups see hostile keys too.
    std::string_view address = text.substr(0, text.find('\n'));
    for (const char* tag : {"spf-fail", "smtp-auth", "helo-neutral"}) {
        (void)mailsec::spfmilter::lookup_policy(table, tag, address, ':');
        (void)mailsec::spfmilter::lookup_policy(table, tag, address, '!');
    }
    return 0;
}
