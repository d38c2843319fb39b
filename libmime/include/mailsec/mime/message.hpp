// mailsec::mime::Message — a parsed RFC 5322/MIME message (on GMime), its parts,
// and the changes a filter makes to it (dns-mime.md part B4).
//
//   auto msg = mime::Message::parse(bytes);          // or parse_file(path)
//   if (!msg) return log(msg.error().message);
//   for (const mime::Part& p : msg->parts())
//       for (const mime::Name& n : msg->names(p, {.scan_zip = true}))
//           std::cout << p.path << ' ' << n.origin << '=' << n.value << '\n';
//   msg->replace_with_text("2", "removed\n", "WARNING.TXT");
//   msg->set_header("X-Scanned", "yes");
//   if (msg->modified()) {
//       std::string body = msg->body(mime::Newline::Crlf);     // smfi_replacebody
//       for (const auto& c : msg->top_header_changes()) ...     // smfi_chgheader / smfi_addheader
//   }
//
// Guarantees: an unmodified message writes back byte-identical (write() returns the
// input, envelope line and line ends included); bad input gives an error value or
// a best-effort parse with warnings(), never a crash. A Message is move-only and
// must be used by one thread at a time (see library.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/core/result.hpp"

namespace mailsec::mime {

enum class Newline { Lf, Crlf };

struct Parameter {
    std::string name;   // lowercase
    std::string value;  // unquoted, RFC 2231 decoded; never entity-decoded
};

struct Header {
    std::string name;
    std::string value;  // raw: unfolding and RFC 2047 left to the reader, leading blanks stripped
};

enum class PartKind { Leaf, Multipart, Message };

// One MIME entity, as GMime's part iterator sees it: paths "1", "2.1" (a
// single-part message's body is "0"); a message/rfc822 part's own message is
// entered, its top multipart skipped. Parts inside an *encoded* message/rfc822
// (an opaque leaf for GMime) are not listed here: see Message::embedded_message.
struct Part {
    std::string path;
    PartKind kind = PartKind::Leaf;
    std::string content_type;                   // "text/plain", lowercase
    std::vector<Parameter> type_parameters;     // every Content-Type parameter
    std::string disposition;                    // "attachment", "inline" or ""
    std::vector<Parameter> disposition_parameters;
    std::optional<std::string> filename;        // disposition filename, else Content-Type name
    std::string transfer_encoding;              // "base64", "7bit", ... or ""
    bool is_attachment = false;                 // disposition attachment, or a filename
    bool encoded_message = false;               // message/rfc822 with base64/QP/uuencode CTE
    std::vector<Header> headers;                // the part's own headers
};

// A name found on a part, and where: a parameter name ("name", "filename", "ord",
// ...), "filename" for the part's filename, or "zip member" (path inside the zip,
// nested zips joined with '/').
struct Name {
    std::string origin;
    std::string value;
};

struct NameOptions {
    bool scan_zip = false;                              // list members of *.zip parts
    int max_zip_depth = 3;                              // zips inside zips
    std::size_t max_zip_member_bytes = 16 * 1024 * 1024;
};

// A defect the parser tolerated, for example "CRIT_INVALID_HEADER_NAME",
// "UNENCODED_8BIT_HEADER", "TRUNCATED_MESSAGE" (GMime's GMimeParserWarning names
// without the GMIME_ prefix).
struct ParseWarning {
    std::int64_t offset = 0;
    std::string code;
    std::string item;
};

// One milter header action: Delete is smfi_chgheader(name, index, NULL) with the
// 1-based occurrence index among the original headers of that name; Add is
// smfi_addheader(name, value). Deletes come first, highest index first, so the
// indices stay valid while they are applied.
struct HeaderChange {
    enum class Action { Delete, Add };
    Action action = Action::Add;
    std::string name;
    std::string value;
    int index = 0;
};

struct ParseOptions {
    int max_depth = 8;  // nested encoded message/rfc822 re-parses allowed below this one
};

class Message {
public:
    static core::Result<Message> parse(std::string_view bytes, const ParseOptions& options = {});
    static core::Result<Message> parse_file(const std::filesystem::path& path, const ParseOptions& options = {});
    static core::Result<Message> parse_stream(std::istream& in, const ParseOptions& options = {});

    Message(Message&&) noexcept;
    Message& operator=(Message&&) noexcept;
    Message(const Message&) = delete;
    Message& operator=(const Message&) = delete;
    ~Message();

    // Reading.
    const std::string& envelope() const;           // the mbox "From " line without its newline, or ""
    const std::vector<ParseWarning>& warnings() const;
    std::vector<Header> headers() const;            // top-level headers, in order
    std::optional<std::string> header(std::string_view name) const;  // first, decoded to UTF-8
    std::vector<Part> parts() const;                // depth-first, every part GMime visits
    std::optional<Part> part(std::string_view path) const;
    core::Result<std::string> content(std::string_view path) const;  // transfer encoding undone
    std::vector<Name> names(const Part& part, const NameOptions& options = {}) const;
    // The message inside a message/rfc822 part; an encoded one is decoded and parsed
    // (error "too-deep" past ParseOptions::max_depth).
    core::Result<Message> embedded_message(std::string_view path) const;

    // Changing. Each returns an error ("no-such-part", "cannot-remove", ...) and
    // leaves the message as it was when the change cannot be made.
    core::Status replace_with_text(std::string_view path, std::string_view text, std::string_view filename);
    core::Status remove_part(std::string_view path);
    core::Status set_embedded_message(std::string_view path, const Message& inner);  // keeps the part's CTE
    core::Status set_content(std::string_view path, std::string_view bytes, std::string_view transfer_encoding);
    void add_header(std::string_view name, std::string_view value);   // appended, RFC 2047 encoded if needed
    void set_header(std::string_view name, std::string_view value);   // replaces the first, or appends
    bool remove_header(std::string_view name);                        // every occurrence; false if none
    bool modified() const;

    // Writing. Unmodified: the input bytes verbatim (write()) or with line ends
    // converted (write(nl), body(nl)). Modified: GMime's serialization, in the
    // input's line-end style for write().
    std::string write() const;
    std::string write(Newline newline) const;       // without the envelope line
    std::string body(Newline newline) const;        // after the header block: smfi_replacebody
    std::vector<HeaderChange> top_header_changes() const;  // original vs current top-level headers

    struct Impl;

private:
    explicit Message(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mailsec::mime
