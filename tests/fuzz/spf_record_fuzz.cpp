// Fuzz target: SPF record parsing (RFC 7208 §4.6, §5, §6), macro-string parsing and
// expansion (§7) and client address parsing, over arbitrary bytes. Invariants: no
// crash, expanded domain-specs are truncated to <= 253 octets or hold a single label
// (no dot left to drop), expansions stay under max_expansion.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mailsec/spf/ip_address.hpp"
#include "mailsec/spf/macro.hpp"
#include "mailsec/spf/record.hpp"

namespace {

namespace spf = mailsec::spf;

spf::MacroValues values() {
    spf::MacroValues v;
    v.sender = "strong-bad@email.example.com";
    v.local_part = "strong-bad";
    v.sender_domain = "email.example.com";
    v.domain = "email.example.com";
    v.helo = "mx.example.org";
    v.receiver = "receiver.example";
    v.client = *spf::IpAddress::parse("2001:db8::cb01");
    v.now = 1700000000;
    v.validated_name = [] { return mailsec::core::Result<std::string>(std::string("mx.example.com")); };
    return v;
}

void check_domain(const spf::MacroString& spec, const spf::MacroValues& v) {
    auto name = spf::expand_domain_spec(spec, v);
    if (name && name->size() > 253 && name->find('.') != std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    const spf::MacroValues v = values();

    spf::ParsedRecord parsed = spf::parse_record(input);
    if (!parsed) parsed = spf::parse_terms(input);
    if (parsed) {
        for (const auto& d : parsed.record.directives)
            if (d.domain) check_domain(*d.domain, v);
        if (parsed.record.redirect) check_domain(*parsed.record.redirect, v);
        if (parsed.record.exp) check_domain(*parsed.record.exp, v);
    }

    if (auto exp = spf::parse_macro_string(input, spf::MacroContext::explanation)) {
        auto text = spf::expand(*exp, v);
        if (text && text->size() > spf::max_expansion) std::abort();
    }
    if (auto ip = spf::IpAddress::parse(input)) {
        auto again = spf::IpAddress::parse(ip->to_string());  // canonical text round-trips
        if (!again || !(*again == *ip)) std::abort();
    }
    return 0;
}
