// testing::Context: feeding an RFC 5322 message as an MTA does (milter.md 1.6,
// 2.7 f) and the records.
#include <fstream>
#include <sstream>

#include "mailsec/milter/testing.hpp"
#include "testing_impl.hpp"

namespace mailsec::milter::testing {

namespace {

struct Parsed {
    std::vector<Header> headers;  // raw values (text after the colon)
    std::string body;             // CRLF line ends
};

// Lines split at LF, a CR before the LF dropped; a last line without LF kept.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r' && nl != std::string_view::npos) line.remove_suffix(1);
        lines.push_back(line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return lines;
}

Parsed parse(std::string_view message) {
    if (message.starts_with("From ")) {  // mbox envelope line: not part of the message
        auto nl = message.find('\n');
        message.remove_prefix(nl == std::string_view::npos ? message.size() : nl + 1);
    }
    Parsed out;
    auto lines = split_lines(message);
    std::size_t i = 0;
    for (; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        if (line.empty()) {
            ++i;
            break;
        }
        if ((line[0] == ' ' || line[0] == '\t') && !out.headers.empty()) {
            out.headers.back().value += "\n" + std::string(line);  // folding as the MTA sends it (1.6)
            continue;
        }
        auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) break;  // not a header: the body starts here
        out.headers.push_back(Header{std::string(line.substr(0, colon)), std::string(line.substr(colon + 1))});
    }
    for (; i < lines.size(); ++i) {
        out.body.append(lines[i]);
        out.body.append("\r\n");
    }
    return out;
}

bool stopped(const Context::Impl& m) { return m.rejected || m.connection_done || m.message_done; }

}  // namespace

Response Context::feed_message(std::string_view message, const std::string& sender,
                               const std::vector<std::string>& rcpts, std::size_t chunk_size) {
    if (chunk_size == 0) throw UsageError("testing::Context: feed_message with chunk_size 0");
    Impl& m = *impl_;
    Parsed p = parse(message);
    Response r = envfrom(sender);
    if (stopped(m)) return r;
    for (const auto& rcpt : rcpts) {
        r = envrcpt(rcpt);
        if (stopped(m)) return r;
    }
    if (m.accepted_rcpts == 0) return r;  // the MTA refuses DATA
    r = data();
    if (stopped(m)) return r;
    const bool leading_space = has(m.negotiated_steps, Steps::HeaderLeadingSpace);
    for (auto& h : p.headers) {
        std::string_view v = h.value;
        if (!leading_space && v.starts_with(' ')) v.remove_prefix(1);  // the MTA strips one space (1.6)
        r = header(h.name, std::string(v));
        if (stopped(m)) return r;
    }
    r = eoh();
    if (stopped(m)) return r;
    for (std::size_t off = 0; off < p.body.size() && !m.body_skip; off += chunk_size) {
        r = body(std::string_view(p.body).substr(off, chunk_size));
        if (stopped(m)) return r;
    }
    if (m.body_skip) m.body = p.body;  // the MTA keeps the whole body
    return eom();
}

Response Context::feed_file(const std::filesystem::path& path, const std::string& sender,
                            const std::vector<std::string>& rcpts, std::size_t chunk_size) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("testing::Context: cannot read " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return feed_message(ss.str(), sender, rcpts, chunk_size);
}

const std::vector<Response>& Context::responses() const { return impl_->responses; }
const std::vector<Action>& Context::actions() const { return impl_->actions; }
const std::vector<std::string>& Context::log() const { return impl_->log; }
bool Context::negotiation_rejected() const { return impl_->rejected; }
Actions Context::negotiated_actions() const { return impl_->negotiated_actions; }
Steps Context::negotiated_steps() const { return impl_->negotiated_steps; }
const std::map<MacroStage, std::vector<std::string>>& Context::macro_lists() const { return impl_->macro_lists; }
std::optional<std::string> Context::sender() const { return impl_->sender; }
const std::vector<std::string>& Context::recipients() const { return impl_->recipients; }
std::optional<std::string> Context::quarantine_reason() const { return impl_->quarantine; }
int Context::progress_count() const { return impl_->progress; }
std::size_t Context::body_chunks() const { return impl_->chunks; }
const std::vector<Header>& Context::headers() const { return impl_->headers; }
std::string Context::body() const { return impl_->new_body ? *impl_->new_body : impl_->body; }
bool Context::body_replaced() const { return impl_->new_body.has_value(); }

std::string Context::final_message() const {
    const bool leading_space = has(impl_->negotiated_steps, Steps::HeaderLeadingSpace);
    std::string out;
    for (const auto& h : impl_->headers) {
        out += h.name + ":" + (leading_space ? "" : " ");
        for (char c : h.value) {
            if (c == '\n') out += "\r\n";
            else out += c;
        }
        out += "\r\n";
    }
    out += "\r\n";
    return out + body();
}

}  // namespace mailsec::milter::testing
