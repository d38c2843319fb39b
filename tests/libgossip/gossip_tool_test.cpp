// libgossip/tools/gossip.cpp end to end: the real binary against a Node served on
// loopback (gossip.md §6), its man-page --help and its exit codes.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "support/paths.hpp"
#include "support/process.hpp"
#include "tcp_server.hpp"

namespace bdata = boost::unit_test::data;
using mailsec::testing::bin_dir;
using mailsec::testing::run;

namespace {
std::string tool() { return (bin_dir() / "gossip").string(); }
}  // namespace

BOOST_AUTO_TEST_SUITE(gossip_tool)

BOOST_AUTO_TEST_CASE(help_reads_like_a_man_page) {
    auto r = run({tool(), "--help"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    for (const char* section : {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS"})
        BOOST_CHECK_MESSAGE(r.out.find(section) != std::string::npos, "help lacks " << section);
}

struct UsageCase {
    std::vector<std::string> args;
};
std::ostream& operator<<(std::ostream& os, const UsageCase& c) {
    for (const auto& a : c.args) os << a << ' ';
    return os;
}

BOOST_DATA_TEST_CASE(usage_errors_exit_2,
                     bdata::make(std::vector<UsageCase>{{{}},
                                                        {{"frobnicate"}},
                                                        {{"query", "a.com"}},
                                                        {{"feedback", "U1", "maybe"}},
                                                        {{"reset", "a.com"}},
                                                        {{"--server", "host:99999", "query", "a.com", "SPF"}},
                                                        {{"query", "a.com", "SPF", "256"}},
                                                        {{"--bogus"}}}),
                     c) {
    std::vector<std::string> argv{tool()};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    auto r = run(argv);
    BOOST_CHECK_MESSAGE(r.exit_code == 2, "exit: got " << r.exit_code << ", want 2 (" << r.err << ")");
}

BOOST_AUTO_TEST_CASE(query_feedback_reset) {
    gossip_test::NodeServer s;
    const std::string server = "127.0.0.1:" + std::to_string(s.server.port());
    auto r = run({tool(), "--server", server, "query", "example.com", "SPF", "1", "U1"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK_EQUAL(r.out, "PREPEND X-GOSSiP: U1,0,0\n");
    r = run({tool(), "--server", server, "feedback", "U1", "spam"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    r = run({tool(), "--server", server, "query", "example.com", "SPF", "1", "U2"});
    BOOST_CHECK_EQUAL(r.out, "PREPEND X-GOSSiP: U2,-76,0\n");
    r = run({tool(), "--server", server, "reset", "example.com", "SPF"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    r = run({tool(), "--server", server, "query", "example.com", "SPF"});
    BOOST_CHECK_EQUAL(r.exit_code, 0);
    BOOST_CHECK(r.out.starts_with("PREPEND X-GOSSiP: "));
    BOOST_CHECK(r.out.ends_with(",0,0\n"));
}

BOOST_AUTO_TEST_CASE(unreachable_server_exits_1) {
    std::uint16_t port = 0;
    {
        gossip_test::TestServer server([](int, const std::atomic<bool>&) {});
        port = server.port();
    }
    auto r = run({tool(), "--server", "127.0.0.1:" + std::to_string(port), "--timeout", "1", "query", "a.com", "SPF"});
    BOOST_CHECK_EQUAL(r.exit_code, 1);
    BOOST_CHECK(!r.err.empty());
}

BOOST_AUTO_TEST_SUITE_END()
