// Tests for libdaemon/src/signals.cpp: real signals delivered to this process reach
// the self-pipe as stop/reload events; SIGPIPE is ignored.
#include <poll.h>
#include <unistd.h>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <csignal>
#include <ostream>
#include <string>
#include <vector>

#include "mailsec/daemon/signals.hpp"

namespace md = mailsec::daemon;
namespace bdata = boost::unit_test::data;
using Event = md::ShutdownSignals::Event;

namespace {

struct SignalCase {
    std::string name;
    std::vector<int> sent;
    Event want;
};
std::ostream& operator<<(std::ostream& os, const SignalCase& c) { return os << c.name; }

const char* event_name(Event e) {
    switch (e) {
        case Event::none: return "none";
        case Event::reload: return "reload";
        case Event::stop: return "stop";
    }
    return "?";
}

const SignalCase signal_cases[] = {
    {"term", {SIGTERM}, Event::stop},
    {"int", {SIGINT}, Event::stop},
    {"hup", {SIGHUP}, Event::reload},
    {"hup then term", {SIGHUP, SIGTERM}, Event::stop},
    {"term then hup", {SIGTERM, SIGHUP}, Event::stop},
    {"nothing", {}, Event::none},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(signals)

BOOST_DATA_TEST_CASE(delivery, bdata::make(signal_cases), c) {
    auto s = md::ShutdownSignals::install();
    BOOST_REQUIRE_MESSAGE(s, (s ? "" : s.error().message));
    for (int sig : c.sent) ::kill(::getpid(), sig);
    Event got = (*s)->wait(std::chrono::milliseconds{c.sent.empty() ? 50 : 2000});
    BOOST_TEST((got == c.want), c.name << ": got " << event_name(got) << ", want " << event_name(c.want));
    BOOST_TEST((((*s)->take() == Event::none)), "the pipe must be drained");
}

BOOST_AUTO_TEST_CASE(fd_becomes_readable) {
    auto s = md::ShutdownSignals::install();
    BOOST_REQUIRE(s);
    pollfd p{(*s)->fd(), POLLIN, 0};
    BOOST_TEST(::poll(&p, 1, 0) == 0);
    ::raise(SIGHUP);
    BOOST_TEST(::poll(&p, 1, 2000) == 1);
    BOOST_TEST((((*s)->take() == Event::reload)));
}

BOOST_AUTO_TEST_CASE(one_instance_at_a_time) {
    auto first = md::ShutdownSignals::install();
    BOOST_REQUIRE(first);
    auto second = md::ShutdownSignals::install();
    BOOST_REQUIRE(!second);
    BOOST_TEST(second.error().code == "busy");
    first = mailsec::core::make_error("test", "released");  // destroys the first instance
    BOOST_TEST(md::ShutdownSignals::install().ok(), "install after release");
}

BOOST_AUTO_TEST_CASE(handlers_restored) {
    struct sigaction before {};
    ::sigaction(SIGTERM, nullptr, &before);
    { auto s = md::ShutdownSignals::install(); }
    struct sigaction after {};
    ::sigaction(SIGTERM, nullptr, &after);
    BOOST_TEST((after.sa_handler == before.sa_handler));
}

BOOST_AUTO_TEST_CASE(sigpipe_ignored) {
    md::ignore_sigpipe();
    int fds[2];
    BOOST_REQUIRE(::pipe(fds) == 0);
    ::close(fds[0]);
    errno = 0;
    auto n = ::write(fds[1], "x", 1);  // would kill the test without the helper
    int err = errno;
    ::close(fds[1]);
    BOOST_TEST(n == -1);
    BOOST_TEST(err == EPIPE, "got errno " << err << ", want EPIPE");
}

BOOST_AUTO_TEST_SUITE_END()
