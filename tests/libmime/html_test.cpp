// Tests for libmime/src/html.cpp: script removal, everything else verbatim.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mailsec/mime/html.hpp"

namespace mime = mailsec::mime;
namespace bdata = boost::unit_test::data;

namespace {
const std::string C(mime::script_removed_comment);

struct Case {
    std::string label;
    std::string html;
    std::string want;  // cleaned html, or "error"
    int removed;
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.label; }

const Case cases[] = {
    {"no script", "<p>hi</p>", "<p>hi</p>", 0},
    {"one script", "a<script>x()</script>b", "a" + C + "b", 1},
    {"upper case, attributes", "<SCRIPT language=\"JavaScript\">x</SCRIPT >z", C + "z", 1},
    {"two scripts", "<script>1</script>-<script src=a></script>", C + "-" + C, 2},
    {"comments pass", "<!-- <b> --><![if !vml]>x<![endif]>", "<!-- <b> --><![if !vml]>x<![endif]>", 0},
    {"not a script tag", "<scripts>x</scripts>", "<scripts>x</scripts>", 0},
    {"8-bit bytes kept", "\xb0\xa1<script>x</script>\xff", "\xb0\xa1" + C + "\xff", 1},
    {"unclosed", "<script>forever", "error", 0},
    {"close without >", "<script>x</script", "error", 0},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(html)

BOOST_DATA_TEST_CASE(remove_scripts, bdata::make(cases), c) {
    auto got = mime::remove_scripts(c.html);
    std::string text = got ? got->html : "error";
    BOOST_TEST(text == c.want, c.label << ": got '" << text << "', want '" << c.want << "'");
    if (got) BOOST_TEST(got->removed == c.removed, c.label << ": got " << got->removed << " removed, want " << c.removed);
}

BOOST_AUTO_TEST_SUITE_END()
