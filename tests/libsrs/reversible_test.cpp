// Tests for libsrs/src/reversible.cpp: the Reversible scheme wraps and peels one layer (s1-08, rv-36).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "helpers.hpp"
#include "mailsec/srs/reversible.hpp"

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
    {"wraps SRS0", "forward", "SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com", "forwarder2.com",
     "ok:SRS0=A8z7=IZ=forwarder1.com=SRS0=G+3a=IZ=orig.com=mouse@forwarder2.com"},
    {"peels one layer", "reverse", "SRS0=A8z7=IZ=forwarder1.com=SRS0=G+3a=IZ=orig.com=mouse@forwarder2.com", "",
     "ok:SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com"},
    {"SRS1 not reversed", "reverse", "SRS1=9KLd=forwarder1.com==G+3a=IZ=orig.com=mouse@forwarder2.com", "",
     "error:not-srs"},
    {"tampered", "reverse", "SRS0=A8z7=IZ=forwarder1.com=SRS0=G+3a=IZ=orig.com=mice@forwarder2.com", "",
     "error:bad-hash"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(reversible)

BOOST_DATA_TEST_CASE(forward_and_reverse, bdata::make(cases), c) {
    core::ManualClock clock(srs_test::at(srs_test::t0));
    auto s = srs::Reversible::create(srs_test::options(), clock);
    BOOST_REQUIRE(s.ok());
    std::string got = c.op == "forward"
                          ? srs_test::outcome((*s)->forward(c.input, c.alias), [](const std::string& v) { return v; })
                          : srs_test::outcome((*s)->reverse(c.input), [](const srs::Reversed& r) { return r.address; });
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(three_hops_unwind) {
    core::ManualClock clock(srs_test::at(srs_test::t0));
    auto s = srs::Reversible::create(srs_test::options(), clock);
    BOOST_REQUIRE(s.ok());
    std::string addr = "mouse@orig.com";
    for (const char* hop : {"f1.example", "f2.example", "f3.example"}) {
        auto next = (*s)->forward(addr, hop);
        BOOST_REQUIRE(next.ok());
        addr = *next;
    }
    auto back = (*s)->reverse_all(addr);
    BOOST_REQUIRE(back.ok());
    BOOST_TEST(back->address == "mouse@orig.com", "got " << back->address << ", want mouse@orig.com");
}

BOOST_AUTO_TEST_SUITE_END()
