// Argument checks (milter.md 2.4) and setreply rules (1.5).
#include "checks.hpp"

#include "mailsec/core/ascii.hpp"

namespace mailsec::milter::detail {

namespace {

constexpr std::size_t kMaxReplyLine = 980;  // libmilter MAXREPLYLEN
constexpr std::size_t kMaxReplyLines = 32;  // libmilter MAXREPLIES

bool has_line_break(std::string_view s) {
    return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// A '%' not written as "%%" makes the MTA drop the text silently (1.5).
bool has_lone_percent(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') continue;
        if (i + 1 < s.size() && s[i + 1] == '%') ++i;
        else return true;
    }
    return false;
}

bool is_digits(std::string_view s, std::size_t min, std::size_t max) {
    if (s.size() < min || s.size() > max) return false;
    for (char c : s)
        if (!core::is_ascii_digit(c)) return false;
    return true;
}

// RFC 3463 class.subject.detail, class matching the reply code's first digit.
std::string check_xcode(std::string_view code, std::string_view xcode) {
    auto dot1 = xcode.find('.');
    auto dot2 = dot1 == std::string_view::npos ? dot1 : xcode.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || dot1 != 1 || (xcode[0] != '2' && xcode[0] != '4' && xcode[0] != '5') ||
        !is_digits(xcode.substr(dot1 + 1, dot2 - dot1 - 1), 1, 3) || !is_digits(xcode.substr(dot2 + 1), 1, 3))
        return "enhanced status code \"" + std::string(xcode) + "\" is not of the form C.x.y (RFC 3463)";
    if (xcode[0] != code[0])
        return "enhanced status code " + std::string(xcode) + " does not match the class of reply code " +
               std::string(code);
    return {};
}

}  // namespace

std::string check_header_name(std::string_view name) {
    if (name.empty()) return "header name is empty";
    for (char c : name) {
        auto u = static_cast<unsigned char>(c);
        if (c == ':' || u <= 0x20 || u == 0x7f)
            return "header name \"" + std::string(name) + "\" contains ':', whitespace or a control character";
    }
    return {};
}

std::string check_header_value(std::string_view value) {
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\r') return "header value contains CR (fold with \"\\n\" plus a space or tab)";
        if (value[i] == '\0') return "header value contains NUL";
        if (value[i] == '\n' && (i + 1 == value.size() || (value[i + 1] != ' ' && value[i + 1] != '\t')))
            return "header value has a line break not followed by a space or tab";
    }
    return {};
}

std::string check_address(std::string_view addr) {
    if (addr.size() < 2 || addr.front() != '<' || addr.back() != '>')
        return "address \"" + std::string(addr) + "\" is not in <...> form";
    if (has_line_break(addr)) return "address contains CR, LF or NUL";
    return {};
}

std::string check_single_line(std::string_view what, std::string_view text) {
    if (has_line_break(text)) return std::string(what) + " contains CR, LF or NUL";
    return {};
}

std::string check_reply(std::string_view code, std::string_view xcode, const std::vector<std::string>& lines) {
    if (code.size() != 3 || (code[0] != '4' && code[0] != '5') || !core::is_ascii_digit(code[1]) ||
        !core::is_ascii_digit(code[2]))
        return "reply code \"" + std::string(code) + "\" is not 4xx or 5xx";
    if (!xcode.empty())
        if (auto e = check_xcode(code, xcode); !e.empty()) return e;
    if (lines.size() > kMaxReplyLines)
        return "reply has " + std::to_string(lines.size()) + " lines, more than 32";
    for (const auto& line : lines) {
        if (has_line_break(line)) return "reply text contains CR, LF or NUL";
        if (line.size() > kMaxReplyLine)
            return "reply line of " + std::to_string(line.size()) + " octets is longer than 980";
        if (has_lone_percent(line)) return "reply text has a lone '%' (write \"%%\")";
    }
    return {};
}

}  // namespace mailsec::milter::detail
