// SPF results (RFC 7208 §2.6) and how mail software reports them: SMTP reply codes
// (RFC 7208 §8) and RFC 7372 enhanced status codes.
//
//   spf::Result r = outcome.result;
//   reply(spf::smtp_code(r), spf::enhanced_code(r), outcome.explanation);
//   auto parsed = spf::parse_result("SoftFail");   // Result::softfail
#pragma once

#include <optional>
#include <string_view>

namespace mailsec::spf {

enum class Result { none, neutral, pass, fail, softfail, temperror, permerror };
enum class Identity { mailfrom, helo };

// "pass", "fail", "softfail", "neutral", "none", "temperror", "permerror".
std::string_view to_string(Result result);
// "mailfrom", "helo".
std::string_view to_string(Identity identity);
// Case-insensitive; the RFC 4408 names "unknown" (permerror) and "error" (temperror) too.
std::optional<Result> parse_result(std::string_view text);
// fail, permerror: 550; temperror: 451; others: 250.
int smtp_code(Result result);
// RFC 7372 §3.2: fail 5.7.23, permerror 5.7.24, temperror 4.7.24, others "".
std::string_view enhanced_code(Result result);

}  // namespace mailsec::spf
