// Tests for libsrs/src/scheme.cpp: make_scheme, reverse_all and signing mode (srs.md §3, §4).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "helpers.hpp"
#include "mailsec/srs/scheme.hpp"

namespace srs = mailsec::srs;
namespace core = mailsec::core;
namespace bdata = boost::unit_test::data;

namespace {

struct Case {
    std::string name, op, input, arg, want;
    bool always_rewrite = false;
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

const Case cases[] = {
    {"unwind same-secret chain", "reverse_all",
     "SRS1=9KLd=forwarder1.com==G+3a=IZ=orig.com=mouse@forwarder3.com", "",
     "ok:SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com"},
    {"unwind to origin", "reverse_all", "SRS1=n00+=second.com==VPFz=IZ=orig.com=mouse@forwarder2.com", "",
     "ok:mouse@orig.com"},
    {"first reverse fails", "reverse_all", "mouse@orig.com", "", "error:not-srs"},
    {"sign", "sign", "mouse@orig.com", "", "ok:SRS0=VPFz=IZ==mouse@orig.com"},
    {"sign keeps case", "sign", "mouse@ORIG.com", "", "ok:SRS0=VPFz=IZ==mouse@ORIG.com"},
    {"sign no @", "sign", "mouse", "", "error:no-at"},
    {"forward_sign other host", "forward_sign", "mouse@orig.com", "second.com",
     "ok:SRS0=VPFz=IZ=orig.com=mouse@second.com"},
    {"forward_sign same host", "forward_sign", "mouse@orig.com", "orig.com", "ok:SRS0=VPFz=IZ==mouse@orig.com",
     true},
    {"forward_sign host differs in case", "forward_sign", "mouse@ORIG.com", "orig.com",
     "ok:SRS0=VPFz=IZ=ORIG.com=mouse@orig.com", true},
};

std::string run(const srs::Scheme& s, const Case& c) {
    auto addr = [](const std::string& v) { return v; };
    auto rev = [](const srs::Reversed& r) { return r.address; };
    if (c.op == "reverse_all") return srs_test::outcome(s.reverse_all(c.input), rev);
    if (c.op == "sign") return srs_test::outcome(s.sign(c.input), addr);
    return srs_test::outcome(s.forward(c.input, c.arg, true), addr);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scheme)

BOOST_DATA_TEST_CASE(guarded_operations, bdata::make(cases), c) {
    core::ManualClock clock(srs_test::at(srs_test::t0));
    auto o = srs_test::options();
    o.always_rewrite = c.always_rewrite;
    auto s = srs::make_scheme(srs::SchemeKind::guarded, o, clock);
    BOOST_REQUIRE(s.ok());
    auto got = run(**s, c);
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(make_scheme_errors) {
    core::ManualClock clock;
    auto db = srs::make_scheme(srs::SchemeKind::database, srs_test::options(), clock);
    BOOST_TEST(!db.ok());
    if (!db) BOOST_TEST(db.error().code == "bad-config", "got " << db.error().code << ", want bad-config");
    auto none = srs::make_scheme(srs::SchemeKind::guarded, srs_test::options({}), clock);
    BOOST_TEST(!none.ok());
    if (!none) BOOST_TEST(none.error().code == "no-secret", "got " << none.error().code << ", want no-secret");
    auto kind = srs::kind_of(none.error());
    BOOST_TEST((kind == srs::ErrorKind::no_secret));
}

BOOST_AUTO_TEST_CASE(kinds_report_their_scheme) {
    core::ManualClock clock;
    for (auto k : {srs::SchemeKind::guarded, srs::SchemeKind::shortcut, srs::SchemeKind::reversible}) {
        auto s = srs::make_scheme(k, srs_test::options(), clock);
        BOOST_REQUIRE(s.ok());
        BOOST_TEST(((*s)->kind() == k), "got " << srs::to_string((*s)->kind()) << ", want " << srs::to_string(k));
    }
}

BOOST_AUTO_TEST_SUITE_END()
