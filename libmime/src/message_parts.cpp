// Message: walking the parts and reading what each one says about itself.
#include "mailsec/core/ascii.hpp"
#include "message_impl.hpp"

namespace mailsec::mime {

namespace detail {

namespace {

std::optional<int> next_index(std::string_view& path) {
    auto dot = path.find('.');
    std::string_view digits = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (digits.empty() || digits.size() > 6) return std::nullopt;
    int value = 0;
    for (char c : digits) {
        if (!core::is_ascii_digit(c)) return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

// One step down, as GMime's part iterator numbers it: a multipart's children are
// 1..n; a message/rfc822 part's message body is entered, its multipart skipped,
// and a single-part body is child 1.
std::optional<Located> child(GMimeObject* container, int index) {
    GMimeMessage* holder = nullptr;
    if (GMIME_IS_MESSAGE_PART(container)) {
        holder = g_mime_message_part_get_message(GMIME_MESSAGE_PART(container));
        container = holder ? g_mime_message_get_mime_part(holder) : nullptr;
        if (container && !GMIME_IS_MULTIPART(container))
            return index == 1 ? std::optional<Located>(Located{container, nullptr, 0, holder}) : std::nullopt;
    }
    if (!container || !GMIME_IS_MULTIPART(container)) return std::nullopt;
    auto* multipart = GMIME_MULTIPART(container);
    if (index < 1 || index > g_mime_multipart_get_count(multipart)) return std::nullopt;
    return Located{g_mime_multipart_get_part(multipart, index - 1), multipart, index - 1, nullptr};
}

}  // namespace

std::optional<Located> find_part(GMimeMessage* message, std::string_view path) {
    GMimeObject* top = g_mime_message_get_mime_part(message);
    if (!top) return std::nullopt;
    if (path == "0") {
        if (GMIME_IS_MULTIPART(top)) return std::nullopt;
        return Located{top, nullptr, 0, message};
    }
    std::optional<Located> at = Located{top, nullptr, 0, message};
    while (at && !path.empty()) {
        auto index = next_index(path);
        at = index ? child(at->object, *index) : std::nullopt;
    }
    return at;
}

std::string decoded_content(GMimePart* part) {
    GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
    if (!wrapper) return {};
    GObjectPtr<GMimeStream> out(g_mime_stream_mem_new());
    if (g_mime_data_wrapper_write_to_stream(wrapper, out.get()) < 0) return {};
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

}  // namespace detail

namespace {

std::vector<Parameter> parameters(GMimeParamList* list) {
    std::vector<Parameter> out;
    if (!list) return out;
    int count = g_mime_param_list_length(list);
    for (int i = 0; i < count; ++i) {
        GMimeParam* param = g_mime_param_list_get_parameter_at(list, i);
        out.push_back(Parameter{core::to_lower(detail::to_string_or_empty(g_mime_param_get_name(param))),
                                detail::to_string_or_empty(g_mime_param_get_value(param))});
    }
    return out;
}

std::vector<Header> part_headers(GMimeObject* object) {
    std::vector<Header> out;
    GMimeHeaderList* list = g_mime_object_get_header_list(object);
    int count = list ? g_mime_header_list_get_count(list) : 0;
    for (int i = 0; i < count; ++i) {
        GMimeHeader* header = g_mime_header_list_get_header_at(list, i);
        std::string value = detail::to_string_or_empty(g_mime_header_get_raw_value(header));
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
        while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
        out.push_back(Header{detail::to_string_or_empty(g_mime_header_get_name(header)), value});
    }
    return out;
}

std::optional<std::string> find_param(const std::vector<Parameter>& params, std::string_view name) {
    for (const auto& p : params)
        if (p.name == name) return p.value;
    return std::nullopt;
}

std::string transfer_encoding(GMimeObject* object) {
    if (GMIME_IS_PART(object)) {
        auto encoding = g_mime_part_get_content_encoding(GMIME_PART(object));
        if (encoding == GMIME_CONTENT_ENCODING_DEFAULT) return {};
        return core::to_lower(detail::to_string_or_empty(g_mime_content_encoding_to_string(encoding)));
    }
    std::string raw = detail::to_string_or_empty(g_mime_object_get_header(object, "Content-Transfer-Encoding"));
    return core::to_lower(raw);
}

bool is_encoded(std::string_view cte) { return cte == "base64" || cte == "quoted-printable" || cte == "x-uuencode"; }

Part describe(GMimeObject* object, std::string path) {
    Part part;
    part.path = std::move(path);
    part.kind = GMIME_IS_MULTIPART(object)      ? PartKind::Multipart
                : GMIME_IS_MESSAGE_PART(object) ? PartKind::Message
                                                : PartKind::Leaf;
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (type) {
        part.content_type = core::to_lower(detail::take_string(g_mime_content_type_get_mime_type(type)));
        part.type_parameters = parameters(g_mime_content_type_get_parameters(type));
    }
    if (GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(object)) {
        part.disposition = core::to_lower(detail::to_string_or_empty(g_mime_content_disposition_get_disposition(disposition)));
        part.disposition_parameters = parameters(g_mime_content_disposition_get_parameters(disposition));
    }
    if (GMIME_IS_PART(object)) {
        if (const char* name = g_mime_part_get_filename(GMIME_PART(object))) part.filename = name;
    } else {
        part.filename = find_param(part.disposition_parameters, "filename");
        if (!part.filename) part.filename = find_param(part.type_parameters, "name");
    }
    part.transfer_encoding = transfer_encoding(object);
    part.is_attachment = part.disposition == "attachment" || part.filename.has_value();
    part.encoded_message = part.kind == PartKind::Leaf && part.content_type == "message/rfc822" &&
                           is_encoded(part.transfer_encoding);
    part.headers = part_headers(object);
    return part;
}

}  // namespace

std::vector<Part> Message::parts() const {
    std::vector<Part> out;
    detail::PartIterPtr iter(g_mime_part_iter_new(GMIME_OBJECT(impl_->message.get())));
    if (!g_mime_part_iter_is_valid(iter.get())) return out;
    do {
        GMimeObject* current = g_mime_part_iter_get_current(iter.get());
        if (!current) break;
        out.push_back(describe(current, detail::take_string(g_mime_part_iter_get_path(iter.get()))));
    } while (g_mime_part_iter_next(iter.get()));
    return out;
}

std::optional<Part> Message::part(std::string_view path) const {
    auto at = detail::find_part(impl_->message.get(), path);
    if (!at) return std::nullopt;
    return describe(at->object, std::string(path));
}

core::Result<std::string> Message::content(std::string_view path) const {
    auto at = detail::find_part(impl_->message.get(), path);
    if (!at) return core::make_error("no-such-part", "no part " + std::string(path));
    GMimeObject* object = at->object;
    if (GMIME_IS_PART(object)) return detail::decoded_content(GMIME_PART(object));
    if (GMIME_IS_MESSAGE_PART(object)) {
        GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
        if (!inner) return std::string();
        detail::GObjectPtr<GMimeStream> out(g_mime_stream_mem_new());
        g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, out.get());
        GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
        return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
    }
    return core::make_error("not-a-leaf", "part " + std::string(path) + " is a multipart");
}

core::Result<Message> Message::embedded_message(std::string_view path) const {
    auto found = part(path);
    if (!found) return core::make_error("no-such-part", "no part " + std::string(path));
    if (found->content_type != "message/rfc822" && found->kind != PartKind::Message)
        return core::make_error("not-a-message", "part " + std::string(path) + " is " + found->content_type);
    if (impl_->options.max_depth <= 0)
        return core::make_error("too-deep", "message/rfc822 nested deeper than the limit");
    auto bytes = content(path);
    if (!bytes) return bytes.error();
    ParseOptions inner = impl_->options;
    inner.max_depth -= 1;
    return parse(*bytes, inner);
}

}  // namespace mailsec::mime
