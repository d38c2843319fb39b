// Message's private state, shared by the message_*.cpp files.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gmime.hpp"
#include "mailsec/mime/message.hpp"

namespace mailsec::mime {

struct Message::Impl {
    std::string envelope;       // the same without its line end
    std::string envelope_raw;   // the "From " line with its line end, or ""
    std::string original;       // the input after the envelope line
    Newline newline = Newline::Lf;
    ParseOptions options;
    std::vector<ParseWarning> warnings;
    // Kept alive with the message: GMime may consult parser options after the parse.
    detail::ParserOptionsPtr parser_options;
    detail::GObjectPtr<GMimeMessage> message;
    bool modified = false;

    std::string serialize(Newline nl) const;  // GMime's writer, no envelope
};

namespace detail {

// Where a part sits: its multipart parent and index there, or (for a message's
// only body, top-level or embedded) the message that holds it.
struct Located {
    GMimeObject* object = nullptr;
    GMimeMultipart* parent = nullptr;
    int index = 0;
    GMimeMessage* holder = nullptr;
};

// The part at a GMime iterator path ("0", "2", "2.1"), followed index by index
// (no scan of every part: defang stays linear on a message with many parts).
std::optional<Located> find_part(GMimeMessage* message, std::string_view path);

// The decoded content of a leaf part.
std::string decoded_content(GMimePart* part);

// Parses bytes with GMime (no envelope handling); null on failure.
GObjectPtr<GMimeMessage> gmime_parse(std::string_view bytes, GMimeParserOptions* options);

}  // namespace detail
}  // namespace mailsec::mime
