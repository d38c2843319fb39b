// Tests for srsd/src/reply.cpp: socketmap reply words and Postfix's reply limit.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "reply.hpp"

namespace srsd = mailsec::srsd;
namespace bdata = boost::unit_test::data;

namespace {
struct Case {
    srsd::Reply reply;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.want.substr(0, 20); }
const Case cases[] = {
    {srsd::Reply::ok("x@y"), "OK x@y"},
    {srsd::Reply::notfound(), "NOTFOUND "},
    {srsd::Reply::temp("store down"), "TEMP store down"},
    {{srsd::Reply::Kind::timeout, "slow"}, "TIMEOUT slow"},
    {srsd::Reply::perm("unknown map: x"), "PERM unknown map: x"},
    {srsd::Reply::ok(std::string(100000, 'a')), "PERM reply too long"},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(reply)

BOOST_DATA_TEST_CASE(socketmap_payload, bdata::make(cases), c) {
    auto got = srsd::socketmap_payload(c.reply);
    BOOST_TEST(got == c.want, "got " << got.substr(0, 40) << ", want " << c.want.substr(0, 40));
}

BOOST_AUTO_TEST_SUITE_END()
