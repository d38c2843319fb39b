// Tests for libspf/src/result.cpp.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "mailsec/spf/result.hpp"

namespace spf = mailsec::spf;
namespace bdata = boost::unit_test::data;

namespace {
struct ResultCase {
    spf::Result result;
    std::string name;
    int code;
    std::string enhanced;
};
std::ostream& operator<<(std::ostream& os, const ResultCase& c) { return os << c.name; }
const ResultCase result_cases[] = {
    {spf::Result::pass, "pass", 250, ""},          {spf::Result::fail, "fail", 550, "5.7.23"},
    {spf::Result::softfail, "softfail", 250, ""},  {spf::Result::neutral, "neutral", 250, ""},
    {spf::Result::none, "none", 250, ""},          {spf::Result::permerror, "permerror", 550, "5.7.24"},
    {spf::Result::temperror, "temperror", 451, "4.7.24"},
};

struct ParseCase {
    std::string text;
    std::optional<spf::Result> want;
};
std::ostream& operator<<(std::ostream& os, const ParseCase& c) { return os << "'" << c.text << "'"; }
const ParseCase parse_cases[] = {
    {"PASS", spf::Result::pass},           {"SoftFail", spf::Result::softfail},
    {"unknown", spf::Result::permerror},   {"Error", spf::Result::temperror},
    {"PermError", spf::Result::permerror}, {"", std::nullopt},
    {"passed", std::nullopt},              {"fail ", std::nullopt},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(result)

BOOST_DATA_TEST_CASE(names_and_codes, bdata::make(result_cases), c) {
    BOOST_TEST(spf::to_string(c.result) == c.name, "got '" << spf::to_string(c.result) << "', want '" << c.name << "'");
    BOOST_TEST(spf::smtp_code(c.result) == c.code, "got " << spf::smtp_code(c.result) << ", want " << c.code);
    BOOST_TEST(spf::enhanced_code(c.result) == c.enhanced,
               "got '" << spf::enhanced_code(c.result) << "', want '" << c.enhanced << "'");
    BOOST_TEST((spf::parse_result(c.name) == c.result), "parse_result round trip of " << c.name);
}

BOOST_DATA_TEST_CASE(parse_result, bdata::make(parse_cases), c) {
    auto got = spf::parse_result(c.text);
    BOOST_TEST((got == c.want), "got " << (got ? spf::to_string(*got) : "nullopt") << ", want "
                                       << (c.want ? spf::to_string(*c.want) : "nullopt"));
}

BOOST_AUTO_TEST_SUITE_END()
