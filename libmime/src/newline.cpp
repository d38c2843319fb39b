#include "newline.hpp"

namespace mailsec::mime::detail {

std::string to_lf(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        out += text[i];
    }
    return out;
}

std::string to_crlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
        out += text[i];
    }
    return out;
}

std::string convert(std::string_view text, Newline newline) {
    return newline == Newline::Crlf ? to_crlf(text) : to_lf(text);
}

Newline detect_newline(std::string_view text) {
    auto lf = text.find('\n');
    return (lf != std::string_view::npos && lf > 0 && text[lf - 1] == '\r') ? Newline::Crlf : Newline::Lf;
}

std::size_t body_offset(std::string_view text) {
    std::size_t line = 0;
    while (line < text.size()) {
        auto end = text.find('\n', line);
        if (end == std::string_view::npos) return text.size();
        std::string_view content = text.substr(line, end - line);
        if (content.empty() || content == "\r") return end + 1;
        line = end + 1;
    }
    return text.size();
}

namespace {
std::string_view chomp(std::string_view line) {
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

void start_header(std::vector<Header>& out, std::string_view line) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
        out.push_back(Header{std::string(line), ""});  // a broken line: kept whole as a name
        return;
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    out.push_back(Header{std::string(name), std::string(value)});
}
}  // namespace

std::vector<Header> parse_header_block(std::string_view text) {
    std::vector<Header> out;
    std::string_view block = text.substr(0, body_offset(text));
    std::size_t pos = 0;
    while (pos < block.size()) {
        auto end = block.find('\n', pos);
        std::size_t next = end == std::string_view::npos ? block.size() : end + 1;
        std::string_view line = chomp(block.substr(pos, next - pos));
        pos = next;
        if (line.empty()) break;
        if ((line.front() == ' ' || line.front() == '\t') && !out.empty()) {
            out.back().value += '\n';
            out.back().value += line;
        } else {
            start_header(out, line);
        }
    }
    return out;
}

}  // namespace mailsec::mime::detail
