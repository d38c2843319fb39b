// Message: changing parts and top-level headers. Every change sets `modified`,
// the flag that decides between the verbatim input and GMime's writer.
#include "mailsec/core/ascii.hpp"
#include "message_impl.hpp"

namespace mailsec::mime {

namespace {

core::Error no_part(std::string_view path) { return core::make_error("no-such-part", "no part " + std::string(path)); }

detail::GObjectPtr<GMimeObject> text_part(std::string_view text, std::string_view filename) {
    detail::GObjectPtr<GMimeTextPart> part(g_mime_text_part_new_with_subtype("plain"));
    g_mime_text_part_set_text(part.get(), std::string(text).c_str());
    auto* object = GMIME_OBJECT(part.get());
    if (!filename.empty()) g_mime_object_set_content_type_parameter(object, "name", std::string(filename).c_str());
    // set_text may choose 8bit; the milter's output must stay 7-bit (dns-mime.md B3).
    g_mime_object_encode(object, GMIME_ENCODING_CONSTRAINT_7BIT);
    return detail::GObjectPtr<GMimeObject>::share(object);
}

GMimeObject* top_body(GMimeMessage* message) { return g_mime_message_get_mime_part(message); }

}  // namespace

core::Status Message::replace_with_text(std::string_view path, std::string_view text, std::string_view filename) {
    auto at = detail::find_part(impl_->message.get(), path);
    if (!at) return no_part(path);
    auto replacement = text_part(text, filename);
    if (at->parent) {
        // multipart_replace hands back the old part's reference: the holder drops it.
        detail::GObjectPtr<GMimeObject> old(g_mime_multipart_replace(at->parent, at->index, replacement.get()));
    } else if (at->holder) {
        g_mime_message_set_mime_part(at->holder, replacement.get());
    } else {
        return core::make_error("cannot-replace", "part " + std::string(path) + " has no parent");
    }
    impl_->modified = true;
    return {};
}

core::Status Message::remove_part(std::string_view path) {
    auto at = detail::find_part(impl_->message.get(), path);
    if (!at) return no_part(path);
    if (!at->parent)
        return core::make_error("cannot-remove", "part " + std::string(path) + " is not inside a multipart");
    detail::GObjectPtr<GMimeObject> removed(g_mime_multipart_remove_at(at->parent, at->index));
    impl_->modified = true;
    return {};
}

core::Status Message::set_content(std::string_view path, std::string_view bytes, std::string_view transfer_encoding) {
    auto at = detail::find_part(impl_->message.get(), path);
    if (!at) return no_part(path);
    GMimeObject* object = at->object;
    if (!GMIME_IS_PART(object)) return core::make_error("not-a-leaf", "part " + std::string(path) + " has no content");
    detail::GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    detail::GObjectPtr<GMimeDataWrapper> wrapper(
        g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(GMIME_PART(object), wrapper.get());
    auto encoding = g_mime_content_encoding_from_string(std::string(transfer_encoding).c_str());
    if (encoding != GMIME_CONTENT_ENCODING_DEFAULT) g_mime_part_set_content_encoding(GMIME_PART(object), encoding);
    impl_->modified = true;
    return {};
}

core::Status Message::set_embedded_message(std::string_view path, const Message& inner) {
    auto found = part(path);
    if (!found) return no_part(path);
    if (found->kind == PartKind::Leaf) return set_content(path, inner.write(), found->transfer_encoding);
    if (found->kind != PartKind::Message) return core::make_error("not-a-message", "part " + std::string(path));
    auto parsed = detail::gmime_parse(inner.write(), nullptr);
    if (!parsed) return core::make_error("parse-failed", "cannot re-parse the inner message");
    auto at = detail::find_part(impl_->message.get(), path);
    g_mime_message_part_set_message(GMIME_MESSAGE_PART(at->object), parsed.get());
    impl_->modified = true;
    return {};
}

void Message::add_header(std::string_view name, std::string_view value) {
    g_mime_object_append_header(GMIME_OBJECT(impl_->message.get()), std::string(name).c_str(),
                                std::string(value).c_str(), "utf-8");
    impl_->modified = true;
}

void Message::set_header(std::string_view name, std::string_view value) {
    g_mime_object_set_header(GMIME_OBJECT(impl_->message.get()), std::string(name).c_str(),
                             std::string(value).c_str(), "utf-8");
    impl_->modified = true;
}

bool Message::remove_header(std::string_view name) {
    std::string key(name);
    bool removed = false;
    while (g_mime_object_remove_header(GMIME_OBJECT(impl_->message.get()), key.c_str())) removed = true;
    // GMime keeps a message's Content-* headers on its body part.
    GMimeObject* body = top_body(impl_->message.get());
    if (body && core::to_lower(name).starts_with("content-"))
        while (g_mime_object_remove_header(body, key.c_str())) removed = true;
    if (removed) impl_->modified = true;
    return removed;
}

}  // namespace mailsec::mime
