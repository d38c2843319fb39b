// Tests for libsrs/src/shortcut.cpp: the Shortcut scheme (srs.md §4, s1-07, s1-10 fixed, rv-35).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "helpers.hpp"
#include "mailsec/srs/shortcut.hpp"

namespace srs = mailsec::srs;
namespace core = mailsec::core;
namespace bdata = boost::unit_test::data;

namespace {

struct Case {
    std::string name, op, input, alias, want;
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

const Case cases[] = {
    {"plain", "forward", "mouse@orig.com", "second.com", "ok:SRS0=VPFz=IZ=orig.com=mouse@second.com"},
    {"SRS0 straight to origin", "forward", "SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com", "forwarder2.com",
     "ok:SRS0=VPFz=IZ=orig.com=mouse@forwarder2.com"},
    {"SRS1 embedded SRS0", "forward", "SRS1=9KLd=forwarder1.com==G+3a=IZ=orig.com=mouse@forwarder2.com",
     "forwarder3.com", "ok:SRS0=VPFz=IZ=orig.com=mouse@forwarder3.com"},
    {"SRS1 without SRS0", "forward", "SRS1=9KLd=forwarder1.com=x@forwarder2.com", "forwarder3.com",
     "error:malformed"},
    {"SRS0 too few fields", "forward", "SRS0=G+3a=IZ@forwarder1.com", "forwarder2.com", "error:malformed"},
    {"reverse SRS0", "reverse", "SRS0=VPFz=IZ=orig.com=mouse@second.com", "", "ok:mouse@orig.com"},
    {"reverse SRS1 refused", "reverse", "SRS1=9KLd=forwarder1.com==G+3a=IZ=orig.com=mouse@forwarder2.com", "",
     "error:not-srs"},
    {"reverse plain", "reverse", "mouse@orig.com", "", "error:not-srs"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(shortcut)

BOOST_DATA_TEST_CASE(forward_and_reverse, bdata::make(cases), c) {
    core::ManualClock clock(srs_test::at(srs_test::t0));
    auto s = srs::Shortcut::create(srs_test::options(), clock);
    BOOST_REQUIRE(s.ok());
    std::string got = c.op == "forward"
                          ? srs_test::outcome((*s)->forward(c.input, c.alias), [](const std::string& v) { return v; })
                          : srs_test::outcome((*s)->reverse(c.input), [](const srs::Reversed& r) { return r.address; });
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_SUITE_END()
