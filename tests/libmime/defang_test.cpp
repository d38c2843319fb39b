// Tests for libmime/src/defang.cpp: the expected outcome of every sample in
// shared/mime with the default policy (dns-mime.md part C), the policy switches,
// and that every defanged output parses back clean.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mailsec/core/ascii.hpp"
#include "mailsec/mime/defang.hpp"
#include "samples.hpp"
#include "zip_builder.hpp"

namespace mime = mailsec::mime;
namespace bdata = boost::unit_test::data;
using mailsec::testing::load_mime_sample;

namespace {

struct SampleCase {
    std::string sample;
    std::string want;  // "path=name path=name", empty when unmodified
};
std::ostream& operator<<(std::ostream& os, const SampleCase& c) { return os << c.sample; }

// dns-mime.md part C, default policy.
const SampleCase sample_cases[] = {
    {"samp1", ""},
    {"spam7", ""},
    {"spam8", ""},
    {"spam44", ""},
    {"honey", "2=story[1].scr 3=story[1].asp"},
    {"missingboundary", ""},
    {"zip1", "2=zip.zip"},
    {"zip2", ""},
    {"zip3", "2=zip.zip"},
    {"ziploop", "2=stuart@bmsi.com.zip"},
    {"test1", ""},
    {"test2", ""},
    {"utf8", ""},
    {"big5", ""},
    {"bounce", ""},
    {"bounce1", ""},
    {"bound", ""},
    {"test8", ""},
    {"virus1", "2=LOVE-LETTER-FOR-YOU.TXT.vbs"},
    {"virus2", "2=PEDI.JPG.vbs"},
    {"virus3", "1=READER_DIGEST_LETTER.TXT.pif"},
    {"virus4", "2=readme.exe"},
    {"virus5", "2=whatever.exe"},
    {"virus6", "0=FAX20.exe"},
    {"virus7", "2.2=application.pif"},
    {"virus13", "2=3354010700499224[1].scr"},
};

std::string hits_text(const mime::DefangResult& r) {
    std::string out;
    for (const auto& h : r.hits) out += (out.empty() ? "" : " ") + h.path + "=" + h.reported_name;
    return out;
}

std::optional<mime::Message> load(const std::string& sample) {
    auto bytes = load_mime_sample(sample);
    if (!bytes) return std::nullopt;
    auto m = mime::Message::parse(*bytes);
    BOOST_REQUIRE_MESSAGE(m.ok(), sample << ": got a parse error");
    return std::move(*m);
}

// Every name left in a message, zip members included, that the policy bans.
std::string banned_left(const mime::Message& m, const mime::DefangPolicy& policy) {
    std::string out;
    for (const auto& part : m.parts())
        for (const auto& n : m.names(part, {.scan_zip = true}))
            if (mime::has_banned_extension(n.value, policy.banned_extensions)) out += part.path + ":" + n.value + " ";
    return out;
}

#define LOAD_OR_SKIP(var, sample)                                                   \
    auto var = load(sample);                                                        \
    if (!var) {                                                                     \
        BOOST_TEST_MESSAGE("skipped: sample " << (sample) << " not found in shared/mime"); \
        return;                                                                     \
    }

}  // namespace

BOOST_AUTO_TEST_SUITE(defang)

BOOST_DATA_TEST_CASE(sample_outcomes, bdata::make(sample_cases), c) {
    LOAD_OR_SKIP(m, c.sample);
    std::string input = m->write();
    auto result = mime::defang(*m);
    std::string got = hits_text(result);
    BOOST_TEST(got == c.want, c.sample << ": got hits '" << got << "', want '" << c.want << "'");
    BOOST_TEST(result.modified == !c.want.empty(), c.sample << ": got modified " << result.modified);
    BOOST_TEST(m->modified() == result.modified, c.sample << ": message and result disagree on modified");
    if (!result.modified) BOOST_TEST((m->write() == input), c.sample << ": got changed bytes for an unmodified message");
}

BOOST_DATA_TEST_CASE(defanged_output_parses_back_clean, bdata::make(sample_cases), c) {
    if (c.want.empty()) return;
    LOAD_OR_SKIP(m, c.sample);
    mime::DefangPolicy policy;
    auto result = mime::defang(*m, policy);
    auto again = mime::Message::parse(m->write());
    BOOST_REQUIRE_MESSAGE(again.ok(), c.sample << ": got a parse error on the defanged output");
    std::string left = banned_left(*again, policy);
    BOOST_TEST(left.empty(), c.sample << ": got banned names left '" << left << "', want none");
    for (const auto& hit : result.hits) {
        auto text = again->content(hit.path).value_or("");
        BOOST_TEST(text.find("It was originally named '" + hit.reported_name + "'") != std::string::npos,
                   c.sample << " " << hit.path << ": got warning '" << text << "', want the name in it");
        auto part = again->part(hit.path);
        BOOST_TEST((part && part->filename.value_or("") == "WARNING.TXT"), c.sample << " " << hit.path
                                                                           << ": got no WARNING.TXT part");
    }
}

BOOST_AUTO_TEST_CASE(zip_scan_off_leaves_zip1) {
    LOAD_OR_SKIP(m, "zip1");
    mime::DefangPolicy policy;
    policy.scan_zip = false;
    auto result = mime::defang(*m, policy);
    BOOST_TEST(!result.modified, "got modified with scan_zip off, want unmodified: " << hits_text(result));
}

BOOST_AUTO_TEST_CASE(empty_banned_list_changes_nothing) {
    LOAD_OR_SKIP(m, "virus1");
    mime::DefangPolicy policy;
    policy.banned_extensions.clear();
    auto result = mime::defang(*m, policy);
    BOOST_TEST(!result.modified, "got modified with no banned extension: " << hits_text(result));
}

struct HtmlCase {
    std::string sample;
    std::string want;  // hits "path:reason"
};
std::ostream& operator<<(std::ostream& os, const HtmlCase& c) { return os << c.sample; }
const HtmlCase html_cases[] = {
    {"test8", "2/1.2:script-removed"},
    {"virus13", "2:banned-name 3:script-removed"},
    {"spam44", ""},
    {"samp1", ""},
};

BOOST_DATA_TEST_CASE(scan_html, bdata::make(html_cases), c) {
    LOAD_OR_SKIP(m, c.sample);
    mime::DefangPolicy policy;
    policy.scan_html = true;
    auto result = mime::defang(*m, policy);
    std::string got;
    for (const auto& h : result.hits) got += (got.empty() ? "" : " ") + h.path + ":" + std::string(mime::to_string(h.reason));
    BOOST_TEST(got == c.want, c.sample << ": got '" << got << "', want '" << c.want << "'");
    BOOST_TEST(result.modified == !c.want.empty(), c.sample << ": got modified " << result.modified);
    if (!result.modified) return;
    auto again = mime::Message::parse(m->write());
    BOOST_REQUIRE(again.ok());
    std::string all = again->write();
    bool commented = all.find("WARNING: embedded script removed") != std::string::npos;
    BOOST_TEST((commented || c.sample == "test8"),
               c.sample << ": got no script comment in the output");
}

BOOST_AUTO_TEST_CASE(virus13_script_part_requoted) {
    LOAD_OR_SKIP(m, "virus13");
    mime::DefangPolicy policy;
    policy.scan_html = true;
    (void)mime::defang(*m, policy);
    auto again = mime::Message::parse(m->write());
    BOOST_REQUIRE(again.ok());
    auto part = again->part("3");
    BOOST_REQUIRE(part);
    BOOST_TEST(part->transfer_encoding == "quoted-printable", "got " << part->transfer_encoding << ", want quoted-printable");
    auto html = again->content("3").value_or("");
    BOOST_TEST(html.find("<!-- WARNING: embedded script removed -->") != std::string::npos, "got no comment in part 3");
    BOOST_TEST(html.find("<script") == std::string::npos, "got a script left in part 3");
}

BOOST_AUTO_TEST_CASE(test8_inner_script_removed) {
    LOAD_OR_SKIP(m, "test8");
    mime::DefangPolicy policy;
    policy.scan_html = true;
    (void)mime::defang(*m, policy);
    auto again = mime::Message::parse(m->write());
    BOOST_REQUIRE(again.ok());
    auto part = again->part("2");
    BOOST_TEST((part && part->transfer_encoding == "quoted-printable"), "got the part's CTE changed, want it kept");
    auto inner = again->embedded_message("2");
    BOOST_REQUIRE(inner.ok());
    auto html = inner->content("1.2").value_or("");
    BOOST_TEST(html.find("WARNING: embedded script removed") != std::string::npos, "got no comment in the inner HTML");
}

BOOST_AUTO_TEST_CASE(virus6_top_headers_reported) {
    LOAD_OR_SKIP(m, "virus6");
    (void)mime::defang(*m);
    std::string got;
    bool deleted_type = false, added_type = false;
    for (const auto& c : m->top_header_changes()) {
        bool type = mailsec::core::iequals(c.name, "Content-Type");
        deleted_type |= type && c.action == mime::HeaderChange::Action::Delete;
        added_type |= type && c.action == mime::HeaderChange::Action::Add && c.value.starts_with("text/plain");
    }
    BOOST_TEST(deleted_type, "got no Content-Type delete");
    BOOST_TEST(added_type, "got no text/plain Content-Type add");
    std::string body = m->body(mime::Newline::Crlf);
    BOOST_TEST(body.find("This message appeared to contain a virus.\r\n") == 0, "got body '" << body << "'");
}

BOOST_AUTO_TEST_CASE(virus7_output_keeps_warning_in_place) {
    LOAD_OR_SKIP(m, "virus7");
    (void)mime::defang(*m);
    auto again = mime::Message::parse(m->write());
    BOOST_REQUIRE(again.ok());
    auto part = again->part("2.2");
    BOOST_REQUIRE_MESSAGE(part, "got no part 2.2 after defang");
    BOOST_TEST(part->filename.value_or("") == "WARNING.TXT", "got " << part->filename.value_or("-"));
}

struct WarningCase {
    std::string label;
    std::optional<std::string> saved;
    bool want_saved_line;
};
std::ostream& operator<<(std::ostream& os, const WarningCase& c) { return os << c.label; }
const WarningCase warning_cases[] = {{"saved", std::string("/var/spool/q/abc"), true}, {"not saved", std::nullopt, false}};

BOOST_DATA_TEST_CASE(warning_text, bdata::make(warning_cases), c) {
    auto m = mime::Message::parse("Subject: x\nContent-Type: multipart/mixed; boundary=B\n\n--B\n"
                                  "Content-Type: text/plain\n\nhi\n--B\nContent-Type: application/x; name=run.bat\n\n"
                                  "echo\n--B--\n");
    BOOST_REQUIRE(m.ok());
    mime::DefangPolicy policy;
    policy.hostname = "mx.example.com";
    policy.saved_as = c.saved;
    (void)mime::defang(*m, policy);
    auto again = mime::Message::parse(m->write());
    std::string text = again->content("2").value_or("");
    BOOST_TEST(text.find("It was originally named 'run.bat', and has been removed.") != std::string::npos, "got '" << text << "'");
    bool saved = text.find("'mx.example.com:/var/spool/q/abc'") != std::string::npos;
    BOOST_TEST(saved == c.want_saved_line, c.label << ": got saved line " << saved << " in '" << text << "'");
    BOOST_TEST(text.find("{") == std::string::npos, c.label << ": got an unexpanded placeholder in '" << text << "'");
}

namespace {
std::string with_attachment(const std::string& name, const std::string& base64) {
    return "Subject: z\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nhi\n--B\n"
           "Content-Type: application/octet-stream; name=\"" + name + "\"\nContent-Transfer-Encoding: base64\n\n" +
           base64 + "\n--B--\n";
}

std::string base64(const std::string& data) {
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < data.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(data[i]) << 16;
        if (i + 1 < data.size()) v |= static_cast<unsigned char>(data[i + 1]) << 8;
        if (i + 2 < data.size()) v |= static_cast<unsigned char>(data[i + 2]);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += i + 1 < data.size() ? alphabet[(v >> 6) & 63] : '=';
        out += i + 2 < data.size() ? alphabet[v & 63] : '=';
        if (out.size() % 77 == 76) out += '\n';
    }
    return out;
}

std::string nest_zip(int depth) {
    std::string zip = mailsec::testing::build_zip({{"readme.txt", "hi"}});
    for (int i = 0; i < depth; ++i) zip = mailsec::testing::build_zip({{"z" + std::to_string(i) + ".zip", zip}});
    return zip;
}

struct ZipCase {
    std::string label;
    std::string zip;
    std::string want;  // reason or "" for unmodified
};
std::ostream& operator<<(std::ostream& os, const ZipCase& c) { return os << c.label; }
const ZipCase zip_cases[] = {
    {"clean zip", mailsec::testing::build_zip({{"a.txt", "x"}}), ""},
    {"exe member", mailsec::testing::build_zip({{"a.txt", "x"}, {"b.EXE", "MZ"}}), "banned-zip-member"},
    {"not a zip", "MZ an exe renamed", "bad-zip"},
    {"nested within limit", nest_zip(2), ""},
    {"nested too deep", nest_zip(5), "bad-zip"},
    {"banned inside nested", mailsec::testing::build_zip({{"in.zip", mailsec::testing::build_zip({{"x.scr", "s"}})}}),
     "banned-zip-member"},
};
}  // namespace

BOOST_DATA_TEST_CASE(zip_attachments, bdata::make(zip_cases), c) {
    auto m = mime::Message::parse(with_attachment("files.zip", base64(c.zip)));
    BOOST_REQUIRE(m.ok());
    auto result = mime::defang(*m);
    std::string got = result.hits.empty() ? "" : std::string(mime::to_string(result.hits[0].reason));
    BOOST_TEST(got == c.want, c.label << ": got '" << got << "', want '" << c.want << "'");
    if (!result.hits.empty())
        BOOST_TEST(result.hits[0].reported_name == "files.zip", c.label << ": got reported " << result.hits[0].reported_name);
}

BOOST_AUTO_TEST_CASE(nested_encoded_messages_bounded) {
    std::string inner = "Subject: leaf\nContent-Type: text/plain\n\nhello\n";
    for (int i = 0; i < 12; ++i)
        inner = "Subject: level\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: message/rfc822\n"
                "Content-Transfer-Encoding: base64\n\n" + base64(inner) + "\n--B--\n";
    auto m = mime::Message::parse(inner);
    BOOST_REQUIRE(m.ok());
    auto result = mime::defang(*m);
    BOOST_REQUIRE_MESSAGE(!result.hits.empty(), "got no hit for 12 nested encoded messages, want too-deep");
    BOOST_TEST(mime::to_string(result.hits[0].reason) == "too-deep", "got " << mime::to_string(result.hits[0].reason));
}

BOOST_AUTO_TEST_CASE(encoded_message_with_banned_attachment) {
    std::string inner = with_attachment("evil.pif", base64("MZ"));
    auto m = mime::Message::parse("Subject: fwd\nContent-Type: multipart/mixed; boundary=O\n\n--O\n"
                                  "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n" +
                                  base64(inner) + "\n--O--\n");
    BOOST_REQUIRE(m.ok());
    auto result = mime::defang(*m);
    std::string got = hits_text(result);
    BOOST_TEST(got == "1/2=evil.pif", "got '" << got << "', want '1/2=evil.pif'");
    auto again = mime::Message::parse(m->write());
    BOOST_REQUIRE(again.ok());
    auto decoded = again->embedded_message("1");
    BOOST_REQUIRE(decoded.ok());
    std::string left = banned_left(*decoded, mime::DefangPolicy{});
    BOOST_TEST(left.empty(), "got banned names left in the re-encoded message: " << left);
}

BOOST_AUTO_TEST_SUITE_END()
