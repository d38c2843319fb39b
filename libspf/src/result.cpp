// Result names and reply codes: RFC 7208 §2.6 and §8, RFC 7372 §3.2.
#include "mailsec/spf/result.hpp"

#include "mailsec/core/ascii.hpp"

namespace mailsec::spf {

std::string_view to_string(Result result) {
    switch (result) {
        case Result::none: return "none";
        case Result::neutral: return "neutral";
        case Result::pass: return "pass";
        case Result::fail: return "fail";
        case Result::softfail: return "softfail";
        case Result::temperror: return "temperror";
        case Result::permerror: return "permerror";
    }
    return "permerror";
}

std::string_view to_string(Identity identity) { return identity == Identity::helo ? "helo" : "mailfrom"; }

std::optional<Result> parse_result(std::string_view text) {
    static constexpr Result all[] = {Result::none,     Result::neutral,   Result::pass,     Result::fail,
                                     Result::softfail, Result::temperror, Result::permerror};
    for (Result r : all)
        if (core::iequals(text, to_string(r))) return r;
    // RFC 4408 §2.5.6-7 names, still written by older software.
    if (core::iequals(text, "unknown")) return Result::permerror;
    if (core::iequals(text, "error")) return Result::temperror;
    return std::nullopt;
}

int smtp_code(Result result) {
    switch (result) {
        case Result::fail:
        case Result::permerror: return 550;
        case Result::temperror: return 451;
        default: return 250;
    }
}

std::string_view enhanced_code(Result result) {
    switch (result) {
        case Result::fail: return "5.7.23";
        case Result::permerror: return "5.7.24";
        case Result::temperror: return "4.7.24";
        default: return "";
    }
}

}  // namespace mailsec::spf
