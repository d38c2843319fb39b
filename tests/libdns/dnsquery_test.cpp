// Tests for the dnsquery tool end to end: output and exit codes against
// ldns-testns with data/ldns_resolver.testns (dns-mime.md A4) on 127.0.0.1.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "support/paths.hpp"
#include "support/process.hpp"
#include "testns_fixture.hpp"

namespace testing = mailsec::testing;
namespace bdata = boost::unit_test::data;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ldns_test::shared_server;
using ldns_test::testns_present;

BOOST_AUTO_TEST_SUITE(dnsquery, *boost::unit_test::precondition(testns_present))

struct ToolCase {
    std::vector<std::string> args;  // after --server
    int exit_code;
    std::string out;
};
std::ostream& operator<<(std::ostream& os, const ToolCase& c) {
    for (const auto& a : c.args) os << a << ' ';
    return os;
}

const ToolCase tool_cases[] = {
    {{"txt.example.com", "TXT"},
     0,
     "records\n\"v=spf1 ip4:192.0.2.0/24 \" \"include:_spf.example.net -all\"\n\"second\"\n"},
    {{"host.example.com", "a"}, 0, "records\n192.0.2.1\n192.0.2.2\n"},
    {{"host.example.com", "AAAA"}, 0, "records\n2001:db8::1\n"},
    {{"example.com.", "MX"}, 0, "records\n10 mail.example.com\n20 mail2.example.net\n"},
    {{"1.2.0.192.in-addr.arpa", "PTR"}, 0, "records\nmail.example.com\n"},
    {{"spf.example.com", "TYPE99"}, 0, "records\n\"v=spf1 \" \"-all\"\n"},
    {{"www.example.com", "A"}, 0, "records\n192.0.2.9\n"},
    {{"tc.example.com", "TXT"}, 0, "records\n\"over tcp\"\n"},
    {{"host.example.com", "TXT"}, 1, "nodata\n"},
    {{"nx.example.com", "TXT"}, 1, "nxdomain\n"},
    {{"servfail.example.com", "TXT"}, 2, "tempfail\n"},
    {{"--no-tcp-fallback", "tc.example.com", "TXT"}, 2, "tempfail\n"},
    {{"a..b", "TXT"}, 3, "invalid-name\n"},
    {{"example.com", "NS"}, 64, ""},
    {{"example.com"}, 64, ""},
    {{"--timeout", "soon", "example.com", "TXT"}, 64, ""},
    {{"--bogus", "example.com", "TXT"}, 64, ""},
};

fs::path dnsquery_binary() { return testing::bin_dir() / "dnsquery"; }

BOOST_DATA_TEST_CASE(output_and_exit_code, bdata::make(tool_cases), c) {
    std::vector<std::string> argv = {dnsquery_binary().string(), "--server", shared_server().server(), "--timeout",
                                     "2000"};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    auto got = testing::run(argv, "", 20s);
    BOOST_TEST(got.exit_code == c.exit_code, "exit: got " << got.exit_code << ", want " << c.exit_code
                                                           << "; stderr: " << got.err);
    BOOST_TEST(got.out == c.out, "stdout: got '" << got.out << "', want '" << c.out << "'");
    if (c.exit_code >= 2) BOOST_TEST(!got.err.empty(), "want a reason on stderr");
}

BOOST_AUTO_TEST_CASE(verbose_prints_chain_on_stderr) {
    auto got = testing::run({dnsquery_binary().string(), "--server=" + shared_server().server(), "--verbose",
                             "www.example.com", "A"});
    BOOST_TEST(got.exit_code == 0);
    BOOST_TEST(got.out == "records\n192.0.2.9\n", "stdout: got '" << got.out << "'");
    BOOST_TEST(got.err == "cname: alias1.example.com\ncname: alias2.example.net\nttl: 60\n",
               "stderr: got '" << got.err << "'");
}

BOOST_AUTO_TEST_CASE(diagnostics_go_to_stderr) {
    auto got = testing::run({dnsquery_binary().string(), "--server", shared_server().server(), "refused.example.com",
                             "TXT"});
    BOOST_TEST(got.exit_code == 2);
    BOOST_TEST(got.err == "dnsquery: tempfail: REFUSED\n", "stderr: got '" << got.err << "'");
    got = testing::run({dnsquery_binary().string(), "--server", "127.0.0.1:53", "--server", "[::1]:54", "x.example",
                        "A"});
    BOOST_TEST(got.exit_code == 64, "mixed ports: got exit " << got.exit_code << ", want 64");
}

BOOST_AUTO_TEST_CASE(help_documents_exit_codes) {
    auto got = testing::run({dnsquery_binary().string(), "--help"});
    BOOST_TEST(got.exit_code == 0);
    for (const char* want : {"SYNOPSIS", "EXIT STATUS", "--server", "--timeout", "--retries", "invalid-name", "64"})
        BOOST_TEST(got.out.find(want) != std::string::npos, "help lacks '" << want << "'");
}

BOOST_AUTO_TEST_SUITE_END()
