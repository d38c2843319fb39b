// Tests for srsd/src/postfix_maps.cpp: forward and reverse as Postfix's canonical
// maps use them (srs.md §8, family 2).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "helpers.hpp"

namespace bdata = boost::unit_test::data;
using srsd_test::day;
using srsd_test::MapsFixture;
using srsd_test::t0;

namespace {
struct Case {
    std::string name;
    std::int64_t now;
    std::string key, want;
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

const Case forward_cases[] = {
    {"plain", t0, "mouse@orig.com", "OK SRS0=VPFz=IZ=orig.com=mouse@second.com"},
    {"case kept", t0, "Mouse@ORIG.com", "OK SRS0=VPFz=IZ=ORIG.com=Mouse@second.com"},
    {"empty", t0, "", "NOTFOUND "},
    {"null sender", t0, "<>", "NOTFOUND "},
    {"no @", t0, "nodomain", "NOTFOUND "},
    {"partial key", t0, "@orig.com", "NOTFOUND "},
    {"fwdomain", t0, "mouse@second.com", "NOTFOUND "},
    {"fwdomain any case", t0, "mouse@SECOND.COM", "NOTFOUND "},
    {"local domain", t0, "mouse@local.example", "NOTFOUND "},
    {"local subdomain", t0, "mouse@a.sub.example", "NOTFOUND "},
    {"dot entry is subdomains only", t0, "mouse@sub.example", "OK SRS0=*=IZ=sub.example=mouse@second.com"},
    {"foreign SRS0 becomes SRS1", t0, "SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com",
     "OK SRS1=9KLd=forwarder1.com==G+3a=IZ=orig.com=mouse@second.com"},
    {"ses domain", t0, "mickey@ses.example", "OK SES=*=mickey@ses.example"},
    {"sign domain", t0, "mickey@sign.example", "OK SRS0=*=IZ==mickey@sign.example"},
};

const Case reverse_cases[] = {
    {"ours", t0, "SRS0=VPFz=IZ=orig.com=mouse@second.com", "OK mouse@orig.com"},
    {"domain any case", t0, "SRS0=VPFz=IZ=orig.com=mouse@Second.COM", "OK mouse@orig.com"},
    {"case-smashed hash", t0, "srs0=vpfz=iz=orig.com=mouse@second.com", "OK mouse@orig.com"},
    {"hashmax age", t0 + 21 * day, "SRS0=VPFz=IZ=orig.com=mouse@second.com", "OK mouse@orig.com"},
    {"expired", t0 + 22 * day, "SRS0=VPFz=IZ=orig.com=mouse@second.com", "PERM timestamp 'IZ' is 22 days old*"},
    {"forged", t0, "SRS0=XXXX=IZ=orig.com=mouse@second.com", "PERM invalid hash 'XXXX'"},
    {"malformed", t0, "SRS0=VPFz=IZ@second.com", "PERM *"},
    {"not SRS", t0, "mouse@second.com", "NOTFOUND "},
    {"no @", t0, "SRS0=VPFz", "NOTFOUND "},
    {"foreign SRS passes", t0, "SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com", "NOTFOUND "},
    {"local domain", t0, "SRS0=VPFz=IZ=orig.com=mouse@local.example", "OK mouse@orig.com"},
    {"bad SES", t0, "SES=ABCDEF=mickey@ses.example", "PERM *"},
    {"SES on foreign domain", t0, "SES=ABCDEF=mickey@elsewhere.example", "NOTFOUND "},
    {"our SRS1", t0, "SRS1=9KLd=forwarder1.com==G+3a=IZ=orig.com=mouse@second.com", "OK *"},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(postfix_maps)

BOOST_DATA_TEST_CASE(forward, bdata::make(forward_cases), c) {
    MapsFixture f(c.now);
    auto got = f.payload("forward", c.key);
    BOOST_TEST(srsd_test::matches(c.want, got), c.name << ": got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(reverse, bdata::make(reverse_cases), c) {
    MapsFixture f(c.now);
    auto got = f.payload("reverse", c.key);
    BOOST_TEST(srsd_test::matches(c.want, got), c.name << ": got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(ses_round_trip_and_replay_limit) {
    MapsFixture f;
    auto signed_sender = f.maps->forward("mickey@ses.example").text;
    for (int i = 1; i <= 3; ++i) {
        auto got = f.payload("reverse", signed_sender);
        BOOST_TEST(got == "OK mickey@ses.example", "verify " << i << ": got " << got);
    }
    auto got = f.payload("reverse", signed_sender);
    BOOST_TEST(got.starts_with("PERM "), "4th verify: got " << got << ", want PERM (replay)");
}

BOOST_AUTO_TEST_CASE(always_rewrite_rewrites_local_senders) {
    auto settings = srsd_test::map_settings();
    settings.always_rewrite = true;
    MapsFixture f(t0, settings);
    auto got = f.payload("forward", "mouse@second.com");
    BOOST_TEST(got == "OK SRS0=XzOI=IZ=second.com=mouse@second.com", "got " << got);
}

BOOST_AUTO_TEST_SUITE_END()
