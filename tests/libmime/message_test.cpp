// Tests for libmime/src/message.cpp, message_parts.cpp and message_names.cpp:
// parsing every sample, the part paths and names GMime gives, parser warnings,
// and bad input that must give a result or a clear error, never a crash.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <sstream>

#include "mailsec/mime/defang.hpp"
#include "mailsec/mime/message.hpp"
#include "samples.hpp"

namespace mime = mailsec::mime;
namespace bdata = boost::unit_test::data;
using mailsec::testing::load_mime_sample;

namespace {

std::string paths(const mime::Message& m) {
    std::string out;
    for (const auto& p : m.parts()) out += (out.empty() ? "" : " ") + p.path;
    return out;
}

struct PathCase {
    std::string sample;
    std::string want;  // every part path, in walk order
};
std::ostream& operator<<(std::ostream& os, const PathCase& c) { return os << c.sample; }

const PathCase path_cases[] = {
    {"samp1", "1 2"},
    {"spam7", "1 2"},
    {"spam8", "1 2"},
    {"honey", "1 2 3"},
    {"missingboundary", "1 2 2.1 2.2 2.2.1"},
    {"zip1", "1 2 3"},
    {"test1", "1 1.1 1.2 2"},
    {"utf8", "0"},
    {"big5", "1 1.1"},
    {"bounce", "1 2 3 3.1"},
    {"bounce1", "1 2 3"},
    {"test8", "1 1.1 1.2 2"},
    {"virus3", "1"},
    {"virus5", "1 2"},
    {"virus6", "0"},
    {"virus7", "1 1.1 1.2 2 2.1 2.2"},
    {"virus13", "1 2 3"},
};

struct NameCase {
    std::string sample;
    std::string path;
    std::string origin;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const NameCase& c) { return os << c.sample << ' ' << c.path; }

const NameCase name_cases[] = {
    {"spam7", "2", "filename", "Jim&amp;amp;Girlz.jpg"},  // verbatim: no entity decoding
    {"test1", "2", "filename",
     "14676 World Transportation Systems OF, from arrival TIA terminal to door and from Durres port to TIA.rtf"},
    {"test2", "2", "filename", "7501'S FOR TWO GOLDEN SOURCES SHIPMENTS FOR TAX & DUTY PURPOSES ONLY.PDF"},
    {"virus13", "2", "ord", "3354010700499224[1].scr"},
    {"honey", "2", "name", "story[1].scr"},
    {"zip1", "2", "zip member", "zip.doc                                        .exe"},
    {"ziploop", "2", "zip member", "t.zip/zip.doc                                        .exe"},
};

struct WarningCase {
    std::string sample;
    std::string code;
};
std::ostream& operator<<(std::ostream& os, const WarningCase& c) { return os << c.sample; }
const WarningCase warning_cases[] = {
    {"honey", "CRIT_INVALID_HEADER_NAME"},
    {"utf8", "WARN_UNENCODED_8BIT_HEADER"},
    {"virus4", "WARN_TRUNCATED_MESSAGE"},
};

std::optional<mime::Message> sample_message(const std::string& name) {
    auto bytes = load_mime_sample(name);
    if (!bytes) return std::nullopt;
    auto m = mime::Message::parse(*bytes);
    BOOST_REQUIRE_MESSAGE(m.ok(), name << ": got error " << (m ? "" : m.error().message) << ", want a message");
    return std::move(*m);
}

#define SKIP_WITHOUT(sample)                                                            \
    auto message = sample_message(sample);                                              \
    if (!message) {                                                                     \
        BOOST_TEST_MESSAGE("skipped: sample " << (sample) << " not found in shared/mime"); \
        return;                                                                         \
    }

}  // namespace

BOOST_AUTO_TEST_SUITE(message)

BOOST_DATA_TEST_CASE(every_sample_parses, bdata::make(mailsec::testing::mime_sample_names()), sample) {
    SKIP_WITHOUT(sample);
    BOOST_TEST(!message->parts().empty(), sample << ": got no parts, want at least one");
}

BOOST_DATA_TEST_CASE(every_path_resolves, bdata::make(mailsec::testing::mime_sample_names()), sample) {
    SKIP_WITHOUT(sample);
    for (const auto& walked : message->parts()) {
        auto found = message->part(walked.path);
        BOOST_TEST((found && found->content_type == walked.content_type),
                   sample << " " << walked.path << ": got " << (found ? found->content_type : "no part") << ", want "
                          << walked.content_type);
    }
}

BOOST_DATA_TEST_CASE(part_paths, bdata::make(path_cases), c) {
    SKIP_WITHOUT(c.sample);
    std::string got = paths(*message);
    BOOST_TEST(got == c.want, c.sample << ": got paths '" << got << "', want '" << c.want << "'");
}

BOOST_DATA_TEST_CASE(part_names, bdata::make(name_cases), c) {
    SKIP_WITHOUT(c.sample);
    auto part = message->part(c.path);
    BOOST_REQUIRE_MESSAGE(part, c.sample << ": got no part " << c.path);
    bool found = false;
    for (const auto& n : message->names(*part, {.scan_zip = true})) found |= n.origin == c.origin && n.value == c.want;
    BOOST_TEST(found, c.sample << " " << c.path << ": got no " << c.origin << "='" << c.want << "', want one");
}

BOOST_DATA_TEST_CASE(parser_warnings, bdata::make(warning_cases), c) {
    SKIP_WITHOUT(c.sample);
    std::string codes;
    for (const auto& w : message->warnings()) codes += w.code + " ";
    BOOST_TEST(codes.find(c.code) != std::string::npos, c.sample << ": got warnings '" << codes << "', want " << c.code);
}

BOOST_AUTO_TEST_CASE(envelope_line_kept_aside) {
    SKIP_WITHOUT("zip1");
    BOOST_TEST(message->envelope().starts_with("From "), "got envelope '" << message->envelope() << "', want a From line");
    auto clean = sample_message("samp1");
    BOOST_TEST(clean->envelope().empty(), "got envelope '" << clean->envelope() << "', want none");
}

BOOST_AUTO_TEST_CASE(big5_subject_decoded) {
    SKIP_WITHOUT("big5");
    auto subject = message->header("Subject").value_or("");
    BOOST_TEST(subject.find("如果你想留學的話") != std::string::npos, "got Subject '" << subject << "', want Chinese text");
}

BOOST_AUTO_TEST_CASE(utf8_raw_header_bytes_kept) {
    SKIP_WITHOUT("utf8");
    std::string want = "\xc0\xb4\xd7\xd4qq.com\xb5\xc4\xcd\xcb\xd0\xc5";
    for (const auto& h : message->headers())
        if (h.name == "Subject") BOOST_TEST(h.value == want, "got Subject bytes '" << h.value << "', want the raw bytes");
}

BOOST_AUTO_TEST_CASE(part_details) {
    SKIP_WITHOUT("virus5");
    auto part = message->part("2");
    BOOST_REQUIRE(part);
    BOOST_TEST(part->content_type == "audio/x-wav", "got " << part->content_type << ", want audio/x-wav");
    BOOST_TEST(part->transfer_encoding == "base64", "got " << part->transfer_encoding << ", want base64");
    BOOST_TEST(part->is_attachment, "got not an attachment, want one");
    BOOST_TEST(part->filename.value_or("") == "whatever.exe", "got " << part->filename.value_or("-") << ", want whatever.exe");
    auto none = message->part("9");
    BOOST_TEST(!none, "got a part 9, want none");
}

BOOST_AUTO_TEST_CASE(decoded_content) {
    auto m = mime::Message::parse(
        "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\naGVsbG8gd29ybGQ=\n");
    BOOST_REQUIRE(m.ok());
    auto got = m->content("0");
    BOOST_TEST(got.value_or("") == "hello world", "got '" << got.value_or("error") << "', want 'hello world'");
    auto missing = m->content("3");
    BOOST_TEST(!missing.ok(), "got content for a missing part, want no-such-part");
}

BOOST_AUTO_TEST_CASE(encoded_rfc822_reparsed) {
    SKIP_WITHOUT("test8");
    auto part = message->part("2");
    BOOST_REQUIRE(part);
    BOOST_TEST(part->encoded_message, "got not encoded, want an encoded message/rfc822");
    auto inner = message->embedded_message("2");
    BOOST_REQUIRE_MESSAGE(inner.ok(), "got error " << (inner ? "" : inner.error().message));
    std::string got = paths(*inner);
    BOOST_TEST(got == "1 1.1 1.2", "got inner paths '" << got << "', want '1 1.1 1.2'");
    auto not_message = message->embedded_message("1.1");
    BOOST_TEST(!not_message.ok(), "got a message from a text part, want not-a-message");
}

BOOST_AUTO_TEST_CASE(embedded_depth_limit) {
    auto bytes = load_mime_sample("test8");
    if (!bytes) return;
    auto m = mime::Message::parse(*bytes, {.max_depth = 0});
    BOOST_REQUIRE(m.ok());
    auto inner = m->embedded_message("2");
    BOOST_TEST((!inner.ok() && inner.error().code == "too-deep"), "got " << (inner ? "a message" : inner.error().code)
                                                                        << ", want too-deep");
}

BOOST_AUTO_TEST_CASE(parse_stream_and_file_errors) {
    std::istringstream in("Subject: x\n\nbody\n");
    auto m = mime::Message::parse_stream(in);
    BOOST_TEST(m.ok(), "got an error from a stream, want a message");
    auto missing = mime::Message::parse_file("/nonexistent/mailsec/message");
    BOOST_TEST((!missing.ok() && missing.error().code == "open-failed"), "got no open-failed error for a missing file");
}

BOOST_AUTO_TEST_SUITE_END()

// Bad input: each must give a message (and survive walking, defang and writing)
// or a clear error; never a crash.
namespace {

std::string nested_multiparts(int depth) {
    std::string head, tail;
    for (int i = 0; i < depth; ++i) {
        head += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\n\n--b" + std::to_string(i) + "\n";
        tail = "--b" + std::to_string(i) + "--\n" + tail;
    }
    return "Subject: deep\n" + head + "Content-Type: text/plain; name=x.exe\n\nleaf\n" + tail;
}

std::string nested_messages(int depth) {
    std::string out = "Content-Type: text/plain\n\nleaf\n";
    for (int i = 0; i < depth; ++i) out = "Subject: level\nContent-Type: message/rfc822\n\n" + out;
    return out;
}

struct BadCase {
    std::string label;
    std::string bytes;
};
std::ostream& operator<<(std::ostream& os, const BadCase& c) { return os << c.label; }

const BadCase bad_cases[] = {
    {"empty", ""},
    {"only an envelope line", "From someone Mon Jan 1 00:00:00 2001\n"},
    {"no body", "Subject: x\n"},
    {"truncated multipart",
     "Content-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\nhalf a pa"},
    {"missing boundary parameter", "Content-Type: multipart/mixed\n\n--XX\nContent-Type: text/plain\n\nx\n--XX--\n"},
    {"huge header", "Subject: " + std::string(1 << 20, 'a') + "\n\nbody\n"},
    {"many headers", [] { std::string s; for (int i = 0; i < 5000; ++i) s += "X-H: " + std::to_string(i) + "\n"; return s + "\nb\n"; }()},
    {"huge folded header", "Subject: a" + [] { std::string s; for (int i = 0; i < 50000; ++i) s += "\n b"; return s; }() + "\n\nx\n"},
    {"deep multipart nesting", nested_multiparts(2000)},
    {"deep message nesting", nested_messages(2000)},
    {"binary garbage", std::string("\0\xff\xfe\n\n\r\r--\0", 11)},
    {"bad base64", "Content-Type: application/zip; name=a.zip\nContent-Transfer-Encoding: base64\n\n!!!!\n"},
    {"header without colon", "this is not a header\n\nbody\n"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(message_bad_input)

BOOST_DATA_TEST_CASE(result_or_clear_error, bdata::make(bad_cases), c) {
    auto m = mime::Message::parse(c.bytes);
    if (!m) {
        BOOST_TEST(!m.error().message.empty(), c.label << ": got an error without a message");
        return;
    }
    for (const auto& part : m->parts()) {
        (void)m->names(part, {.scan_zip = true});
        (void)m->content(part.path);
    }
    BOOST_TEST(m->write() == c.bytes, c.label << ": got different bytes back, want the input verbatim");
    (void)mime::defang(*m);
    (void)m->write();
    (void)m->body(mime::Newline::Crlf);
    (void)m->top_header_changes();
}

BOOST_AUTO_TEST_SUITE_END()
