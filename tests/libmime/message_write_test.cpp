// Tests for libmime/src/message_write.cpp and newline.cpp: the byte-identical
// round trip of every sample, CRLF output for replacebody, body-only output and
// the top-level header changes a milter applies.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <functional>

#include "mailsec/mime/message.hpp"
#include "samples.hpp"

namespace mime = mailsec::mime;
namespace bdata = boost::unit_test::data;

namespace {

const std::string simple =
    "Subject: one\n"
    "X-Keep: 1\n"
    "Content-Type: multipart/mixed; boundary=\"XX\"\n"
    "\n"
    "--XX\n"
    "Content-Type: text/plain\n"
    "\n"
    "hello\n"
    "--XX\n"
    "Content-Type: application/octet-stream; name=\"a.exe\"\n"
    "\n"
    "MZ\n"
    "--XX--\n";

mime::Message parse(const std::string& bytes) {
    auto m = mime::Message::parse(bytes);
    BOOST_REQUIRE(m.ok());
    return std::move(*m);
}

bool all_crlf(const std::string& s) {
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) return false;
    return true;
}

std::string describe(const std::vector<mime::HeaderChange>& changes) {
    std::string out;
    for (const auto& c : changes) {
        if (c.action == mime::HeaderChange::Action::Delete)
            out += "del " + c.name + "#" + std::to_string(c.index) + "; ";
        else
            out += "add " + c.name + ": " + c.value + "; ";
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(message_write)

BOOST_DATA_TEST_CASE(unmodified_round_trip_is_identical, bdata::make(mailsec::testing::mime_sample_names()), sample) {
    auto bytes = mailsec::testing::load_mime_sample(sample);
    if (!bytes) {
        BOOST_TEST_MESSAGE("skipped: sample " << sample << " not found in shared/mime");
        return;
    }
    auto m = parse(*bytes);
    std::string got = m.write();
    BOOST_TEST((got == *bytes), sample << ": got " << got.size() << " different bytes back, want the " << bytes->size()
                                       << " input bytes");
    BOOST_TEST(m.top_header_changes().empty(), sample << ": got header changes for an unmodified message");
}

BOOST_AUTO_TEST_CASE(crlf_output_after_a_change) {
    auto m = parse(simple);
    BOOST_REQUIRE(m.replace_with_text("2", "gone\n", "WARNING.TXT").ok());
    std::string crlf = m.write(mime::Newline::Crlf);
    BOOST_TEST(all_crlf(crlf), "got a bare LF in the CRLF output");
    std::string body = m.body(mime::Newline::Crlf);
    BOOST_TEST(all_crlf(body), "got a bare LF in the CRLF body");
    BOOST_TEST(body.starts_with("--XX\r\n"), "got body starting '" << body.substr(0, 12) << "', want the first delimiter");
    BOOST_TEST(body.find("Subject:") == std::string::npos, "got headers in the body");
    std::string lf = m.write(mime::Newline::Lf);
    BOOST_TEST(lf.find('\r') == std::string::npos, "got a CR in LF output");
}

BOOST_AUTO_TEST_CASE(crlf_input_modified_keeps_crlf) {
    std::string crlf_input;
    for (char c : simple) crlf_input += c == '\n' ? std::string("\r\n") : std::string(1, c);
    auto m = parse(crlf_input);
    BOOST_TEST(m.write() == crlf_input, "got different bytes for unmodified CRLF input");
    m.add_header("X-Added", "1");
    BOOST_TEST(all_crlf(m.write()), "got bare LFs writing modified CRLF input");
}

BOOST_AUTO_TEST_CASE(unmodified_conversions) {
    auto m = parse(simple);
    BOOST_TEST(all_crlf(m.write(mime::Newline::Crlf)), "got a bare LF converting to CRLF");
    std::string body = m.body(mime::Newline::Lf);
    BOOST_TEST(body == simple.substr(simple.find("\n\n") + 2), "got body '" << body << "', want the input body");
}

BOOST_AUTO_TEST_CASE(envelope_written_back_when_modified) {
    auto m = parse("From someone Mon Jan  1 00:00:00 2001\n" + simple);
    m.add_header("X-Added", "1");
    std::string out = m.write();
    BOOST_TEST(out.starts_with("From someone"), "got output without the envelope line");
    BOOST_TEST(m.write(mime::Newline::Lf).starts_with("Subject: one"), "got the envelope in write(Lf), want none");
}

struct ChangeCase {
    std::string label;
    std::function<void(mime::Message&)> edit;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const ChangeCase& c) { return os << c.label; }
const ChangeCase change_cases[] = {
    {"part replaced: no header change", [](mime::Message& m) { (void)m.replace_with_text("2", "x", "W.TXT"); }, ""},
    {"add", [](mime::Message& m) { m.add_header("X-Added", "yes"); }, "add X-Added: yes; "},
    {"change", [](mime::Message& m) { m.set_header("Subject", "two"); }, "del Subject#1; add Subject: two; "},
    {"remove", [](mime::Message& m) { m.remove_header("X-Keep"); }, "del X-Keep#1; "},
};

BOOST_DATA_TEST_CASE(top_header_changes, bdata::make(change_cases), c) {
    auto m = parse(simple);
    c.edit(m);
    std::string got = describe(m.top_header_changes());
    BOOST_TEST(got == c.want, c.label << ": got '" << got << "', want '" << c.want << "'");
}

BOOST_AUTO_TEST_CASE(deletes_highest_index_first) {
    auto m = parse("X-A: 1\nX-A: 2\nX-A: 3\nSubject: s\n\nbody\n");
    m.remove_header("X-A");
    std::string got = describe(m.top_header_changes());
    BOOST_TEST(got == "del X-A#3; del X-A#2; del X-A#1; ", "got '" << got << "'");
}

BOOST_AUTO_TEST_SUITE_END()
