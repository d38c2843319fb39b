// Privilege drop end to end (srs.md §8a): started as root with user = nobody, srsd
// opens its socket, then runs as nobody and still answers.
#include <pwd.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include "support/process.hpp"

#include "client.hpp"
#include "daemon_fixture.hpp"

BOOST_AUTO_TEST_SUITE(privileges)

BOOST_AUTO_TEST_CASE(runs_as_nobody) {
    const passwd* nobody = ::getpwnam("nobody");
    if (::geteuid() != 0 || nobody == nullptr) {
        BOOST_TEST_MESSAGE("not root or no user nobody: privilege drop test skipped");
        return;
    }
    srsd_test::Daemon d("user = nobody\n");
    BOOST_REQUIRE_MESSAGE(d.ready, "srsd did not start:\n" << d.process->output());
    auto id = std::to_string(nobody->pw_uid);
    auto want = "Uid:\t" + id + "\t" + id + "\t" + id + "\t" + id;
    auto got = mailsec::testing::proc_status_line(d.process->pid(), "Uid:");
    BOOST_TEST(got == want, "got " << got << ", want " << want);
    auto c = srsd_test::Client::unix_socket(d.socket);
    auto reply = c.query("forward mouse@orig.com");
    BOOST_TEST(reply.starts_with("OK SRS0="), "after the drop: got " << reply);
}

BOOST_AUTO_TEST_SUITE_END()
