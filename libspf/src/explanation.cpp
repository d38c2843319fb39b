// Explanations: exp= (RFC 7208 §6.2) and the defaults of spf.md §4.
#include "domain.hpp"
#include "evaluation.hpp"

namespace mailsec::spf {

std::string default_explanation(Result result, const Options& options, std::string_view reason) {
    switch (result) {
        case Result::pass: return "sender SPF authorized";
        case Result::fail: return options.default_explanation.value_or("SPF fail - not authorized");
        case Result::softfail:
            return options.default_explanation.value_or("domain owner discourages use of this host");
        case Result::neutral: return "access neither permitted nor denied";
        case Result::none: return "";
        case Result::permerror: return "SPF Permanent Error: " + std::string(reason);
        case Result::temperror: return "SPF Temporary Error: " + std::string(reason);
    }
    return "";
}

namespace detail {

// §6.2: any problem fetching or expanding the text silently gives the default. The
// lookup is neither a DNS term nor a void lookup, and %{p} here is not counted.
std::optional<std::string> Evaluation::explanation(const HostResult& result) {
    if (!result.exp) return std::nullopt;
    auto name = expand_spec(*result.exp, result.exp_domain, false);
    if (!name || !queryable(*name)) return std::nullopt;
    dns::Answer answer = query(*name, dns::RecordType::TXT);
    if (answer.status != dns::Status::records || answer.txt.size() != 1) return std::nullopt;
    std::string text = answer.txt.front().joined();
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
    auto parsed = parse_macro_string(text, MacroContext::explanation);
    if (!parsed) return std::nullopt;
    // Most texts hold no macro: then no macro values are needed (escapes still apply).
    auto expanded = expand(*parsed, parsed->has_macros() ? macro_values(result.exp_domain, false) : MacroValues{});
    if (!expanded) return std::nullopt;
    return std::move(*expanded);
}

}  // namespace detail
}  // namespace mailsec::spf
