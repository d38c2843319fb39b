// Tests for libmime/src/message_edit.cpp: replacing and removing parts, header
// edits, and the modified flag they set.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <functional>

#include "mailsec/mime/message.hpp"

namespace mime = mailsec::mime;
namespace bdata = boost::unit_test::data;

namespace {

const std::string two_parts =
    "From: a@example.com\n"
    "Subject: test\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"XX\"\n"
    "\n"
    "--XX\n"
    "Content-Type: text/plain\n"
    "\n"
    "hello\n"
    "--XX\n"
    "Content-Type: application/octet-stream; name=\"evil.exe\"\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "TVqQAAMAAAAEAAAA\n"
    "--XX--\n";

mime::Message parse(const std::string& bytes) {
    auto m = mime::Message::parse(bytes);
    BOOST_REQUIRE(m.ok());
    return std::move(*m);
}

std::string header_value(const mime::Message& m, const std::string& name) {
    for (const auto& h : m.headers())
        if (h.name == name) return h.value;
    return "<none>";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(message_edit)

BOOST_AUTO_TEST_CASE(replace_with_text_part) {
    auto m = parse(two_parts);
    auto status = m.replace_with_text("2", "removed\n", "WARNING.TXT");
    BOOST_REQUIRE_MESSAGE(status.ok(), "got error " << (status ? "" : status.error().message));
    BOOST_TEST(m.modified(), "got unmodified, want modified");
    auto again = parse(m.write());
    auto part = again.part("2");
    BOOST_REQUIRE(part);
    BOOST_TEST(part->content_type == "text/plain", "got " << part->content_type << ", want text/plain");
    BOOST_TEST(part->filename.value_or("") == "WARNING.TXT", "got " << part->filename.value_or("-") << ", want WARNING.TXT");
    auto text = again.content("2");
    BOOST_TEST(text.value_or("") == "removed\n", "got '" << text.value_or("error") << "', want 'removed\\n'");
    // The line end before a delimiter belongs to the delimiter (RFC 2046 5.1.1).
    BOOST_TEST(again.content("1").value_or("") == "hello", "got part 1 changed, want it kept");
}

BOOST_AUTO_TEST_CASE(replace_non_ascii_text_stays_7bit) {
    auto m = parse(two_parts);
    BOOST_REQUIRE(m.replace_with_text("2", "entfernt: Grüße\n", "WARNING.TXT").ok());
    std::string out = m.write();
    bool seven_bit = std::all_of(out.begin(), out.end(), [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
    BOOST_TEST(seven_bit, "got 8-bit bytes in the output, want 7-bit");
    auto again = parse(out);
    // GMime picks the smallest charset that holds the text.
    BOOST_TEST(again.content("2").value_or("") == "entfernt: Gr\xfc\xdf" "e\n", "got different decoded text");
}

BOOST_AUTO_TEST_CASE(remove_part) {
    auto m = parse(two_parts);
    BOOST_REQUIRE(m.remove_part("2").ok());
    auto again = parse(m.write());
    auto n = again.parts().size();
    BOOST_TEST(n == 1u, "got " << n << " parts, want 1");
}

struct ErrorCase {
    std::string label;
    std::string path;
    bool remove;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.label; }
const ErrorCase error_cases[] = {
    {"replace missing", "7", false, "no-such-part"},
    {"remove missing", "1.4", true, "no-such-part"},
    {"remove only body", "0", true, "cannot-remove"},
};

BOOST_DATA_TEST_CASE(edit_errors, bdata::make(error_cases), c) {
    auto m = parse(c.path == "0" ? std::string("Subject: x\n\nbody\n") : two_parts);
    auto status = c.remove ? m.remove_part(c.path) : m.replace_with_text(c.path, "x", "W.TXT");
    std::string got = status ? "ok" : status.error().code;
    BOOST_TEST(got == c.want, c.label << ": got " << got << ", want " << c.want);
    BOOST_TEST(!m.modified(), c.label << ": got modified after a failed edit, want unmodified");
}

BOOST_AUTO_TEST_CASE(replace_single_part_body) {
    auto m = parse("Subject: x\nContent-Type: application/octet-stream; name=a.exe\n\nMZ\n");
    BOOST_REQUIRE(m.replace_with_text("0", "gone\n", "WARNING.TXT").ok());
    auto again = parse(m.write());
    auto part = again.part("0");
    BOOST_REQUIRE(part);
    BOOST_TEST(part->content_type == "text/plain", "got " << part->content_type << ", want text/plain");
    BOOST_TEST(header_value(again, "Subject") == "x", "got Subject '" << header_value(again, "Subject") << "', want x");
}

struct HeaderCase {
    std::string label;
    std::function<void(mime::Message&)> edit;
    std::string name;
    std::string want;  // value after the edit, "<none>" when gone
};
std::ostream& operator<<(std::ostream& os, const HeaderCase& c) { return os << c.label; }
const HeaderCase header_cases[] = {
    {"add", [](mime::Message& m) { m.add_header("X-Scanned", "yes"); }, "X-Scanned", "yes"},
    {"set existing", [](mime::Message& m) { m.set_header("Subject", "changed"); }, "Subject", "changed"},
    {"set new", [](mime::Message& m) { m.set_header("X-New", "1"); }, "X-New", "1"},
    {"remove", [](mime::Message& m) { m.remove_header("Subject"); }, "Subject", "<none>"},
    {"remove content header", [](mime::Message& m) { m.remove_header("MIME-Version"); }, "MIME-Version", "<none>"},
    {"non-ASCII value encoded", [](mime::Message& m) { m.add_header("X-Note", "Grüße"); }, "X-Note", "=?UTF-8?B?R3LDvMOfZQ==?="},
};

BOOST_DATA_TEST_CASE(header_edits, bdata::make(header_cases), c) {
    auto m = parse(two_parts);
    c.edit(m);
    BOOST_TEST(m.modified(), c.label << ": got unmodified, want modified");
    std::string got = header_value(m, c.name);
    BOOST_TEST(got == c.want, c.label << ": got '" << got << "', want '" << c.want << "'");
    BOOST_TEST(header_value(m, "From") == "a@example.com", c.label << ": got From changed");
}

BOOST_AUTO_TEST_CASE(remove_absent_header) {
    auto m = parse(two_parts);
    BOOST_TEST(!m.remove_header("X-Absent"), "got true removing an absent header, want false");
    BOOST_TEST(!m.modified(), "got modified, want unmodified");
}

BOOST_AUTO_TEST_SUITE_END()
