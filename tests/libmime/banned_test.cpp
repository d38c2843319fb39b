// Tests for libmime/src/banned.cpp: the default list and the banned-name test.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mailsec/mime/defang.hpp"

namespace mime = mailsec::mime;
namespace bdata = boost::unit_test::data;

namespace {
struct Case {
    std::string name;
    bool want;
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

const Case cases[] = {
    {"virus.exe", true},
    {"VIRUS.EXE", true},
    {"LOVE-LETTER-FOR-YOU.TXT.vbs", true},
    {"story[1].scr", true},
    {"3354010700499224[1].scr", true},
    {"zip.doc                                        .exe", true},
    {"trailing.exe. . ", true},
    {"tab.pif\t", true},
    {"script.js", true},
    {"a.vb", true},
    {"exe", false},          // no dot: not an extension
    {".exe", true},
    {"notes.txt", false},
    {"archive.zip", false},
    {"file.exe.txt", false},
    {"a.vbx", false},
    {"", false},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(banned)

BOOST_DATA_TEST_CASE(default_list, bdata::make(cases), c) {
    bool got = mime::has_banned_extension(c.name, mime::default_banned_extensions());
    BOOST_TEST(got == c.want, "'" << c.name << "': got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(default_list_has_42) {
    auto n = mime::default_banned_extensions().size();
    BOOST_TEST(n == 42u, "got " << n << " extensions, want 42");
}

BOOST_AUTO_TEST_CASE(custom_list_with_dots) {
    std::vector<std::string> list{".doc", "XLS"};
    BOOST_TEST(mime::has_banned_extension("a.DOC", list), "got false for a.DOC, want true");
    BOOST_TEST(mime::has_banned_extension("a.xls", list), "got false for a.xls, want true");
    BOOST_TEST(!mime::has_banned_extension("a.exe", list), "got true for a.exe, want false");
}

BOOST_AUTO_TEST_SUITE_END()
