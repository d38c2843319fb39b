// Tests for gossipd/src/peer_directory.cpp: numeric and named peers resolved once,
// recognised by normalized address; an unresolvable name is kept out, not fatal.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <sstream>

#include "peer_directory.hpp"

namespace gossipd = mailsec::gossipd;
namespace md = mailsec::daemon;
namespace bdata = boost::unit_test::data;

namespace {
struct Case {
    std::string address;
    std::string want;  // peer index or "-"
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.address; }
const Case cases[] = {
    {"192.0.2.7", "0"}, {"::ffff:192.0.2.7", "0"}, {"2001:db8::9", "1"},
    {"127.0.0.1", "2"}, {"192.0.2.8", "-"},        {"10.0.0.1", "-"},
};

struct Fixture {
    std::ostringstream out;
    boost::asio::io_context io;
    gossipd::PeerDirectory dir{
        io,
        {{"192.0.2.7", "192.0.2.7", 11900, {}},
         {"2001:db8::9", "2001:db8::9", 11901, {}},
         {"localhost", "localhost", 11902, {}},
         {"nx.invalid", "nx.invalid", 11900, {}}},
        md::Logger::to_stream(out, md::Severity::info, "t", std::make_shared<mailsec::core::SystemClock>())};
    Fixture() { dir.resolve_all(); }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(peer_directory)

BOOST_DATA_TEST_CASE(identify, bdata::make(cases), c) {
    static Fixture f;
    const auto i = f.dir.identify(boost::asio::ip::make_address(c.address));
    const std::string got = i ? std::to_string(*i) : "-";
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(unresolvable_peer_has_no_endpoints) {
    Fixture f;
    BOOST_TEST(f.dir.endpoints(3).empty());
    BOOST_TEST(f.dir.endpoints(0).size() == 1u);
    BOOST_TEST(f.dir.endpoints(1).front().port() == 11901);
    BOOST_TEST(f.out.str().find("cannot resolve peer peer=nx.invalid") != std::string::npos, f.out.str());
}

BOOST_AUTO_TEST_SUITE_END()
