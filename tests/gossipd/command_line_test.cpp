// Tests for gossipd/src/command_line.cpp: options, the pygossip search path and the
// --help manual page rendered from the config table.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>

#include "command_line.hpp"
#include "config.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace gossipd = mailsec::gossipd;
namespace bdata = boost::unit_test::data;

namespace {
struct Case {
    std::vector<std::string> args;
    std::string want;  // "config=<file|-> check=<0|1> help=<0|1>" or "error:<part>"
};
std::ostream& operator<<(std::ostream& os, const Case& c) {
    for (const auto& a : c.args) os << a << ' ';
    return os;
}
const Case cases[] = {
    {{}, "config=- check=0 help=0"},
    {{"--config", "/x.cfg"}, "config=/x.cfg check=0 help=0"},
    {{"-c", "g.cfg", "--check-config"}, "config=g.cfg check=1 help=0"},
    {{"--config=/etc/g.cfg"}, "config=/etc/g.cfg check=0 help=0"},
    {{"--help"}, "config=- check=0 help=1"},
    {{"-h"}, "config=- check=0 help=1"},
    {{"--config"}, "error:needs a file name"},
    {{"--bogus"}, "error:unknown argument"},
};
std::string summary(const mailsec::core::Result<gossipd::CommandLine>& r) {
    if (!r) return "error:" + r.error().message;
    return "config=" + (r->config_file ? r->config_file->string() : "-") + " check=" + (r->check_config ? "1" : "0") +
           " help=" + (r->help ? "1" : "0");
}
}  // namespace

BOOST_AUTO_TEST_SUITE(command_line)

BOOST_DATA_TEST_CASE(parses, bdata::make(cases), c) {
    const auto got = summary(gossipd::parse_command_line(c.args));
    if (c.want.starts_with("error:"))
        BOOST_TEST(got.find(c.want.substr(6)) != std::string::npos, "got " << got << ", want " << c.want);
    else
        BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(search_path_takes_the_first_existing_file) {
    mailsec::testing::TempDir dir;
    const auto second = dir.path() / "second.cfg";
    mailsec::testing::write_file(second, "[gossip]\n");
    const std::vector<std::filesystem::path> path{dir.path() / "missing.cfg", second};
    const auto got = gossipd::config_file({}, path);
    BOOST_TEST((got && *got == second), "got " << (got ? got->string() : "none") << ", want " << second);
    BOOST_TEST(!gossipd::config_file({}, {dir.path() / "none.cfg"}), "want none when no file exists");
    gossipd::CommandLine explicit_file{std::filesystem::path("x.cfg"), false, false};
    BOOST_TEST(gossipd::config_file(explicit_file, path)->string() == "x.cfg");
    BOOST_TEST(gossipd::default_config_files().front() == "pygossip.cfg");
    BOOST_TEST(gossipd::default_config_files().back() == "/etc/mail/pygossip.cfg");
}

BOOST_AUTO_TEST_CASE(help_documents_every_key) {
    const auto text = gossipd::usage_text();
    for (const auto& k : gossipd::config_table().keys())
        BOOST_TEST(text.find("    " + k.name) != std::string::npos, "want key " << k.name << " in --help");
    BOOST_TEST(text.find("--check-config") != std::string::npos);
}

// The binary's exit statuses (architecture.md "Daemon command lines").
BOOST_AUTO_TEST_CASE(check_config_and_help_exit_statuses) {
    mailsec::testing::TempDir dir;
    const auto good = dir.path() / "good.cfg";
    const auto bad = dir.path() / "bad.cfg";
    mailsec::testing::write_file(good, "[gossip]\nlisten = 11999\npeer_secret = hidden\n");
    mailsec::testing::write_file(bad, "[gossip]\nqsize = 0\n");
    const auto bin = (mailsec::testing::bin_dir() / "gossipd").string();
    auto ok = mailsec::testing::run({bin, "--check-config", "-c", good.string()});
    BOOST_TEST(ok.exit_code == 0, "got " << ok.exit_code << ": " << ok.err);
    BOOST_TEST(ok.err.find("configuration OK") != std::string::npos, ok.err);
    BOOST_TEST(ok.out.find("hidden") == std::string::npos, "secret printed:\n" << ok.out);
    auto ko = mailsec::testing::run({bin, "--check-config", "--config", bad.string()});
    BOOST_TEST(ko.exit_code == 1, "got " << ko.exit_code);
    BOOST_TEST(ko.err.find("bad.cfg:2") != std::string::npos, "got " << ko.err << ", want FILE:LINE");
    auto help = mailsec::testing::run({bin, "--help"});
    BOOST_TEST(help.exit_code == 0);
    BOOST_TEST(help.out.find("CONFIGURATION") != std::string::npos);
    auto usage = mailsec::testing::run({bin, "--nope"});
    BOOST_TEST(usage.exit_code == 2, "got " << usage.exit_code);
}

BOOST_AUTO_TEST_SUITE_END()
