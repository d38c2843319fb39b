// Message: parsing (bytes, file, stream), envelope handling and reading headers.
#include <fstream>
#include <iterator>
#include <sstream>

#include "mailsec/core/ascii.hpp"
#include "mailsec/mime/library.hpp"
#include "message_impl.hpp"
#include "newline.hpp"

namespace mailsec::mime {

namespace {

const char* warning_name(GMimeParserWarning code) {
    switch (code) {
    case GMIME_WARN_DUPLICATED_HEADER: return "WARN_DUPLICATED_HEADER";
    case GMIME_WARN_DUPLICATED_PARAMETER: return "WARN_DUPLICATED_PARAMETER";
    case GMIME_WARN_UNENCODED_8BIT_HEADER: return "WARN_UNENCODED_8BIT_HEADER";
    case GMIME_WARN_INVALID_CONTENT_TYPE: return "WARN_INVALID_CONTENT_TYPE";
    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE: return "WARN_INVALID_RFC2047_HEADER_VALUE";
    case GMIME_WARN_MALFORMED_MULTIPART: return "WARN_MALFORMED_MULTIPART";
    case GMIME_WARN_TRUNCATED_MESSAGE: return "WARN_TRUNCATED_MESSAGE";
    case GMIME_WARN_MALFORMED_MESSAGE: return "WARN_MALFORMED_MESSAGE";
    case GMIME_CRIT_INVALID_HEADER_NAME: return "CRIT_INVALID_HEADER_NAME";
    case GMIME_CRIT_CONFLICTING_HEADER: return "CRIT_CONFLICTING_HEADER";
    case GMIME_CRIT_CONFLICTING_PARAMETER: return "CRIT_CONFLICTING_PARAMETER";
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: return "CRIT_MULTIPART_WITHOUT_BOUNDARY";
    case GMIME_WARN_INVALID_PARAMETER: return "WARN_INVALID_PARAMETER";
    case GMIME_WARN_INVALID_ADDRESS_LIST: return "WARN_INVALID_ADDRESS_LIST";
    case GMIME_CRIT_NESTING_OVERFLOW: return "CRIT_NESTING_OVERFLOW";
    case GMIME_WARN_PART_WITHOUT_CONTENT: return "WARN_PART_WITHOUT_CONTENT";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: return "CRIT_PART_WITHOUT_HEADERS_OR_CONTENT";
    }
    return "WARN_UNKNOWN";
}

// Bounded so a hostile message cannot grow the list without limit.
constexpr std::size_t max_warnings = 1000;

void on_warning(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer user) {
    auto* warnings = static_cast<std::vector<ParseWarning>*>(user);
    if (warnings->size() >= max_warnings) return;
    warnings->push_back(ParseWarning{offset, warning_name(code), detail::to_string_or_empty(item)});
}

// An mbox "From " line (never sent by an MTA, common in saved samples).
std::size_t envelope_length(std::string_view bytes) {
    if (!bytes.starts_with("From ")) return 0;
    auto end = bytes.find('\n');
    return end == std::string_view::npos ? bytes.size() : end + 1;
}

}  // namespace

namespace detail {

GObjectPtr<GMimeMessage> gmime_parse(std::string_view bytes, GMimeParserOptions* options) {
    GObjectPtr<GMimeStream> stream(
        g_mime_stream_mem_new_with_buffer(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    return GObjectPtr<GMimeMessage>(g_mime_parser_construct_message(parser.get(), options));
}

}  // namespace detail

Message::Message(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Message::Message(Message&&) noexcept = default;
Message& Message::operator=(Message&&) noexcept = default;
Message::~Message() = default;

core::Result<Message> Message::parse(std::string_view bytes, const ParseOptions& options) {
    ensure_initialized();
    auto impl = std::make_unique<Impl>();
    std::size_t skip = envelope_length(bytes);
    impl->envelope_raw = std::string(bytes.substr(0, skip));
    impl->envelope = detail::to_lf(impl->envelope_raw);
    if (!impl->envelope.empty() && impl->envelope.back() == '\n') impl->envelope.pop_back();
    impl->original = std::string(bytes.substr(skip));
    impl->newline = detail::detect_newline(impl->original);
    impl->options = options;
    impl->parser_options.reset(g_mime_parser_options_new());
    g_mime_parser_options_set_warning_callback(impl->parser_options.get(), on_warning, &impl->warnings);
    impl->message = detail::gmime_parse(impl->original, impl->parser_options.get());
    if (!impl->message)
        return core::make_error("parse-failed", "GMime could not construct a message from the input");
    return Message(std::move(impl));
}

core::Result<Message> Message::parse_file(const std::filesystem::path& path, const ParseOptions& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::make_error("open-failed", "cannot open " + path.string());
    return parse_stream(in, options);
}

core::Result<Message> Message::parse_stream(std::istream& in, const ParseOptions& options) {
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return core::make_error("read-failed", "error reading the message");
    return parse(bytes, options);
}

const std::string& Message::envelope() const { return impl_->envelope; }

const std::vector<ParseWarning>& Message::warnings() const { return impl_->warnings; }

bool Message::modified() const { return impl_->modified; }

std::vector<Header> Message::headers() const {
    if (!impl_->modified) return detail::parse_header_block(impl_->original);
    return detail::parse_header_block(impl_->serialize(Newline::Lf));
}

std::optional<std::string> Message::header(std::string_view name) const {
    std::string key(name);
    auto* object = GMIME_OBJECT(impl_->message.get());
    const char* value = g_mime_object_get_header(object, key.c_str());
    if (!value && core::to_lower(name).starts_with("content-")) {
        if (auto* body = g_mime_message_get_mime_part(impl_->message.get()))
            value = g_mime_object_get_header(body, key.c_str());
    }
    if (!value) return std::nullopt;
    return std::string(value);
}

}  // namespace mailsec::mime
