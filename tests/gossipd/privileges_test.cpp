// Privilege drop end to end (gossip.md §8, architecture.md): started as root with
// user = nobody, gossipd binds and opens its store, then runs as nobody and still
// answers queries and records feedback.
#include <pwd.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include "support/process.hpp"

#include "line_client.hpp"
#include "node_fixture.hpp"

BOOST_AUTO_TEST_SUITE(privileges)

BOOST_AUTO_TEST_CASE(runs_as_nobody) {
    const passwd* nobody = ::getpwnam("nobody");
    if (::geteuid() != 0 || nobody == nullptr) {
        BOOST_TEST_MESSAGE("not root or no user nobody: privilege drop test skipped");
        return;
    }
    gossipd_test::GossipNode node("user = nobody\n");
    BOOST_REQUIRE_MESSAGE(node.start(), node.log());
    const auto id = std::to_string(nobody->pw_uid);
    const auto want = "Uid:\t" + id + "\t" + id + "\t" + id + "\t" + id;
    const auto got = mailsec::testing::proc_status_line(node.process->pid(), "Uid:");
    BOOST_TEST(got == want, "got " << got << ", want " << want);
    gossipd_test::LineClient c(node.port);
    BOOST_TEST(c.request("Q:priv.example:SPF:1:N1") == "PREPEND X-GOSSiP: N1,0,0");
    BOOST_TEST(c.request("F:N1:1") == "");
    const auto after = c.request("Q:priv.example:SPF:1:N2");
    BOOST_TEST(after == "PREPEND X-GOSSiP: N2,-76,0", "after the drop: got " << after << "\n" << node.log());
}

BOOST_AUTO_TEST_SUITE_END()
