// Fuzz target for libmime (untrusted mail from any sender): parse arbitrary bytes,
// walk every part with its names (zip members too), defang with every scan on,
// and write the result back in both line-end styles.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mailsec/mime/defang.hpp"
#include "mailsec/mime/message.hpp"

namespace mime = mailsec::mime;

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto message = mime::Message::parse(bytes);
    if (!message) return 0;
    for (const auto& part : message->parts()) {
        (void)message->names(part, {.scan_zip = true});
        if (part.encoded_message) (void)message->embedded_message(part.path);
    }
    (void)message->headers();
    mime::DefangPolicy policy;
    policy.scan_html = true;
    (void)mime::defang(*message, policy);
    (void)message->write();
    (void)message->body(mime::Newline::Crlf);
    (void)message->top_header_changes();
    return 0;
}
