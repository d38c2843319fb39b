// The same scenarios over the milter socket with miltertest (milter.md 2.8) and
// spfmilter.lua: pass gets both headers inserted, fail and numeric HELO a 5xx
// reply, temperror a 4xx reply.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

#include "e2e_support.hpp"

namespace e2e = mailsec::spfmilter::e2e;
namespace ts = mailsec::testing;
namespace bdata = boost::unit_test::data;

namespace {

const char* kScenarios[] = {"pass", "fail", "temperror", "numeric-helo", "null-sender"};

}  // namespace

BOOST_AUTO_TEST_SUITE(miltertest_e2e)

BOOST_DATA_TEST_CASE(scenario, bdata::make(kScenarios), name) {
    if (!ts::find_program("miltertest")) {
        BOOST_TEST_MESSAGE("skipped: miltertest is not installed");
        return;
    }
    std::string why;
    auto* s = e2e::stack(why);
    if (!s) {
        BOOST_TEST_MESSAGE("skipped: " << why);
        return;
    }
    auto script = ts::source_dir() / "tests/spfmilter/spfmilter.lua";
    auto r = ts::run({"env", "MILTER_SOCKET=inet:" + std::to_string(s->milter_port()) + "@127.0.0.1",
                      "SCENARIO=" + std::string(name), "miltertest", "-s", script.string()});
    BOOST_TEST(r.exit_code == 0, name << ": miltertest exit " << r.exit_code << "\n" << r.out << r.err
                                      << "\n--- spfmilter log:\n" << s->milter_log());
}

BOOST_AUTO_TEST_SUITE_END()
