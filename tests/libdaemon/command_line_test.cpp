// Tests for libdaemon/src/command_line.cpp: the options every daemon shares.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "mailsec/daemon/command_line.hpp"
#include "support/paths.hpp"

namespace md = mailsec::daemon;
namespace bdata = boost::unit_test::data;

namespace {

struct Case {
    std::vector<std::string> args;
    std::string want;  // "config=F check=0/1 help=0/1", or "usage: <message fragment>"
};
std::ostream& operator<<(std::ostream& os, const Case& c) {
    for (const auto& a : c.args) os << a << ' ';
    return os;
}

const Case cases[] = {
    {{}, "config=- check=0 help=0"},
    {{"--config", "a.cfg"}, "config=a.cfg check=0 help=0"},
    {{"-c", "b.cfg", "--check-config"}, "config=b.cfg check=1 help=0"},
    {{"--config=c.cfg"}, "config=c.cfg check=0 help=0"},
    {{"-h"}, "config=- check=0 help=1"},
    {{"--help", "--config", "x"}, "config=x check=0 help=1"},
    {{"--config"}, "usage: --config needs a file name"},
    {{"-c"}, "usage: -c needs a file name"},
    {{"--verbose"}, "usage: unknown argument '--verbose'"},
    {{"file.cfg"}, "usage: unknown argument 'file.cfg'"},
};

std::string summary(const mailsec::core::Result<md::CommandLine>& r) {
    if (!r) return r.error().code + ": " + r.error().message;
    return "config=" + (r->config_file ? r->config_file->string() : "-") + " check=" +
           (r->check_config ? "1" : "0") + " help=" + (r->help ? "1" : "0");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(command_line)

BOOST_DATA_TEST_CASE(parse_command_line, bdata::make(cases), c) {
    auto got = summary(md::parse_command_line(c.args));
    BOOST_TEST(got.starts_with(c.want), "got '" << got << "', want '" << c.want << "'");
}

BOOST_AUTO_TEST_CASE(config_file_search_path) {
    mailsec::testing::TempDir dir;
    auto second = dir.path() / "second.cfg";
    mailsec::testing::write_file(second, "[x]\n");
    std::vector<std::filesystem::path> path{dir.path() / "missing.cfg", second};
    md::CommandLine none;
    BOOST_TEST(md::config_file(none, path).value() == second);
    BOOST_TEST(!md::config_file(none, {dir.path() / "missing.cfg"}).has_value());
    md::CommandLine given;
    given.config_file = "given.cfg";
    BOOST_TEST(md::config_file(given, path).value() == "given.cfg");
}

BOOST_AUTO_TEST_SUITE_END()
