// Tests for gossipd/src/log_bridge.cpp: Node records reach the daemon Logger at the
// same severity, filtered by its threshold.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <sstream>

#include "log_bridge.hpp"

namespace gossipd = mailsec::gossipd;
namespace gossip = mailsec::gossip;
namespace md = mailsec::daemon;
namespace bdata = boost::unit_test::data;

namespace {
struct Case {
    gossip::LogLevel level;
    md::Severity want;
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << static_cast<int>(c.level); }
const Case cases[] = {
    {gossip::LogLevel::debug, md::Severity::debug},
    {gossip::LogLevel::info, md::Severity::info},
    {gossip::LogLevel::warning, md::Severity::warning},
    {gossip::LogLevel::error, md::Severity::error},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(log_bridge)

BOOST_DATA_TEST_CASE(severity, bdata::make(cases), c) {
    const auto got = gossipd::severity_of(c.level);
    BOOST_TEST((got == c.want), "got " << md::severity_name(got) << ", want " << md::severity_name(c.want));
}

BOOST_AUTO_TEST_CASE(records_pass_the_threshold) {
    std::ostringstream out;
    auto log =
        md::Logger::to_stream(out, md::Severity::info, "gossipd", std::make_shared<mailsec::core::SystemClock>());
    auto node_log = gossipd::node_logger(log);
    node_log(gossip::LogLevel::debug, "query key=a:SPF");
    node_log(gossip::LogLevel::warning, "bad request client=127.0.0.1");
    const auto got = out.str();
    BOOST_TEST(got.find("query") == std::string::npos, "got " << got << ", want debug filtered");
    BOOST_TEST(got.find("warning: bad request client=127.0.0.1") != std::string::npos, "got " << got);
}

BOOST_AUTO_TEST_SUITE_END()
