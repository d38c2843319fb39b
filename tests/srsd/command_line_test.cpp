// Tests for srsd/src/command_line.cpp (architecture.md "Daemon command lines").
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "command_line.hpp"

namespace srsd = mailsec::srsd;
namespace bdata = boost::unit_test::data;

namespace {
struct Case {
    std::vector<std::string> args;
    std::string want;  // "config=F check=0/1 help=0/1" or "error"
};
std::ostream& operator<<(std::ostream& os, const Case& c) {
    for (const auto& a : c.args) os << a << ' ';
    return os;
}
const Case cases[] = {
    {{}, "config=/etc/mail/pysrs.cfg check=0 help=0"},
    {{"--config", "a.cfg"}, "config=a.cfg check=0 help=0"},
    {{"-c", "a.cfg", "--check-config"}, "config=a.cfg check=1 help=0"},
    {{"--config=b.cfg"}, "config=b.cfg check=0 help=0"},
    {{"--help"}, "config=/etc/mail/pysrs.cfg check=0 help=1"},
    {{"-c"}, "error"},
    {{"--bogus"}, "error"},
    {{"file.cfg"}, "error"},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(command_line)

BOOST_DATA_TEST_CASE(parse, bdata::make(cases), c) {
    auto r = srsd::parse_command_line(c.args);
    std::string got = r ? "config=" + r->config_file + " check=" + std::to_string(r->check_config) +
                              " help=" + std::to_string(r->help)
                        : "error";
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(usage_names_every_option) {
    auto text = srsd::usage_text();
    for (const char* word : {"--config", "-c FILE", "--check-config", "--help", "SYNOPSIS", "fwdomain", "listen"})
        BOOST_TEST(text.find(word) != std::string::npos, "--help lacks " << word);
}

BOOST_AUTO_TEST_SUITE_END()
