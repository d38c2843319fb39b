// Tests for gossipd/src/session.cpp's identify_caller (gossip.md §8): the normalized
// address is the feedback origin, a peer is recognised by address whichever family
// it arrives on, trusted_feedback and admin_clients set the caller's rights. The
// request handling itself runs over the real socket in protocol_test.cpp.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <sstream>

#include "session.hpp"

namespace gossipd = mailsec::gossipd;
namespace md = mailsec::daemon;
namespace bdata = boost::unit_test::data;

namespace {
struct Case {
    std::string remote;
    std::string want;  // "address peer=<i|-> trusted=<0|1> admin=<0|1>"
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.remote; }
const Case cases[] = {
    {"127.0.0.1", "127.0.0.1 peer=- trusted=0 admin=1"},
    {"::ffff:127.0.0.1", "127.0.0.1 peer=- trusted=0 admin=1"},
    {"::1", "::1 peer=- trusted=0 admin=1"},
    {"192.0.2.7", "192.0.2.7 peer=0 trusted=0 admin=0"},
    {"::ffff:192.0.2.7", "192.0.2.7 peer=0 trusted=0 admin=0"},
    {"10.1.1.1", "10.1.1.1 peer=- trusted=1 admin=0"},
    {"2001:db8::1", "2001:db8::1 peer=- trusted=0 admin=0"},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(session)

BOOST_DATA_TEST_CASE(identify_caller, bdata::make(cases), c) {
    static std::ostringstream out;
    static boost::asio::io_context io;
    static gossipd::PeerDirectory dir(
        io, {{"192.0.2.7", "192.0.2.7", 11900, {}}},
        md::Logger::to_stream(out, md::Severity::info, "t", std::make_shared<mailsec::core::SystemClock>()));
    static const bool resolved = (dir.resolve_all(), true);
    BOOST_REQUIRE(resolved);
    gossipd::Settings s;
    s.trusted_feedback = gossipd::parse_networks({"10.0.0.0/8"}).value();
    s.admin_clients = gossipd::parse_networks({"127.0.0.0/8", "::1"}).value();
    const auto caller = gossipd::identify_caller(boost::asio::ip::make_address(c.remote), dir, s);
    const std::string got = caller.address + " peer=" + (caller.peer ? std::to_string(*caller.peer) : "-") +
                            " trusted=" + (caller.trusted_feedback ? "1" : "0") +
                            " admin=" + (caller.admin ? "1" : "0");
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_SUITE_END()
