// Tests for libmime/src/zip.cpp: member listing, nested zips, the depth and size
// limits, and input that is not a zip.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mailsec/mime/zip.hpp"
#include "samples.hpp"
#include "zip_builder.hpp"

namespace mime = mailsec::mime;
namespace bdata = boost::unit_test::data;
using mailsec::testing::build_zip;

namespace {

std::string join_names(const std::vector<mime::ZipMember>& members) {
    std::string out;
    for (const auto& m : members) out += (out.empty() ? "" : ",") + m.name;
    return out;
}

struct ListCase {
    std::string label;
    std::string bytes;
    mime::ZipOptions options;
    std::string want;  // joined member names, or "error:<code>"
};
std::ostream& operator<<(std::ostream& os, const ListCase& c) { return os << c.label; }

const std::string inner = build_zip({{"virus.exe", "MZ"}});
const std::string middle = build_zip({{"t.zip", inner}, {"readme.txt", "hi"}});

const ListCase list_cases[] = {
    {"flat", build_zip({{"a.doc", "x"}, {"b.txt", "y"}}), {}, "a.doc,b.txt"},
    {"empty archive", build_zip({}), {}, ""},
    {"nested", middle, {}, "t.zip,t.zip/virus.exe,readme.txt"},
    {"two levels", build_zip({{"m.zip", middle}}), {}, "m.zip,m.zip/t.zip,m.zip/t.zip/virus.exe,m.zip/readme.txt"},
    {"nested not opened", middle, {3, 1024, false}, "t.zip,readme.txt"},
    {"too deep", build_zip({{"m.zip", middle}}), {2, 1024, true}, "error:too-deep"},
    {"too large", middle, {3, 4, true}, "error:too-large"},
    {"nested not a zip", build_zip({{"fake.zip", "MZ this is an exe"}}), {}, "error:not-a-zip"},
    {"blank nested zip skipped", build_zip({{"empty.zip", ""}}), {}, "empty.zip"},
    {"not a zip", "MZ\x90\x00 an exe renamed", {}, "error:not-a-zip"},
    {"no bytes", "", {}, "error:not-a-zip"},
    {"truncated", middle.substr(0, middle.size() / 2), {}, "error:not-a-zip"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(zip)

BOOST_DATA_TEST_CASE(list_zip_members, bdata::make(list_cases), c) {
    auto got = mime::list_zip(c.bytes, c.options);
    std::string text = got ? join_names(*got) : "error:" + got.error().code;
    BOOST_TEST(text == c.want, c.label << ": got '" << text << "', want '" << c.want << "'");
}

BOOST_AUTO_TEST_CASE(member_depth_and_size) {
    auto got = mime::list_zip(middle);
    BOOST_REQUIRE(got.ok());
    BOOST_TEST((*got)[1].depth == 2, "got depth " << (*got)[1].depth << ", want 2");
    BOOST_TEST((*got)[2].size == 2u, "got size " << (*got)[2].size << ", want 2");
}

struct NameCase {
    std::string name;
    bool want;
};
std::ostream& operator<<(std::ostream& os, const NameCase& c) { return os << c.name; }
const NameCase name_cases[] = {
    {"a.zip", true}, {"A.ZIP", true}, {"a.zip. ", true}, {"stuart@bmsi.com.zip", true},
    {"zip", false},  {".zipx", false}, {"a.zip.exe", false}, {"", false},
};

BOOST_DATA_TEST_CASE(zip_names, bdata::make(name_cases), c) {
    BOOST_TEST(mime::is_zip_name(c.name) == c.want,
               "'" << c.name << "': got " << !c.want << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(encrypted_archive_lists_names) {
    auto bytes = mailsec::testing::load_mime_sample("virus.zip");
    if (!bytes) {
        BOOST_TEST_MESSAGE("skipped: shared/mime/virus.zip not found");
        return;
    }
    auto got = mime::list_zip(*bytes);
    BOOST_REQUIRE_MESSAGE(got.ok(), "got error " << (got ? "" : got.error().message) << ", want a listing");
    BOOST_TEST(got->size() == 8u, "got " << got->size() << " members, want 8");
}

BOOST_AUTO_TEST_SUITE_END()
