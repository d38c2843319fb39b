// Tests for srsd/src/sendmail_maps.cpp: make_srs and reverse_srs as pysrs.m4 uses
// them (srs.md §8, family 1).
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

const Case make_srs_cases[] = {
    {"plain", t0, "mouse@orig.com", "OK SRS0=VPFz=IZ=orig.com=mouse<@second.com.>"},
    {"angles and dot", t0, "<mouse@orig.com.>", "OK SRS0=VPFz=IZ=orig.com=mouse<@second.com.>"},
    {"with host", t0, "mx.dest.com\x9Bmouse@orig.com", "OK SRS0=VPFz=IZ=orig.com=mouse<@second.com.>"},
    {"empty host", t0, "\x9Bmouse@orig.com", "OK mouse@orig.com"},
    {"null sender", t0, "<@>", "OK <@>"},
    {"nosrs host", t0, "relay.local\x9B<mouse@orig.com>", "OK <mouse@orig.com>"},
    {"nosrs is exact", t0, "RELAY.local\x9Bmouse@orig.com", "OK SRS0=VPFz=IZ=orig.com=mouse<@second.com.>"},
    {"no @", t0, "nodomain", "OK nodomain"},
    {"never double-wrap", t0, "SRS0=VPFz=IZ=orig.com=mouse@second.com", "OK SRS0=VPFz=IZ=orig.com=mouse@second.com"},
    {"local sender rewritten", t0, "mouse@second.com", "OK SRS0=XzOI=IZ=second.com=mouse<@second.com.>"},
    {"foreign SRS0 becomes SRS1", t0, "SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com",
     "OK SRS1=9KLd=forwarder1.com==G+3a=IZ=orig.com=mouse<@second.com.>"},
    {"ses domain", t0, "mickey@ses.example", "OK SES=*=mickey<@ses.example.>"},
    {"sign domain", t0, "mickey@sign.example", "OK SRS0=*=IZ==mickey<@sign.example.>"},
};

const Case reverse_srs_cases[] = {
    {"ours", t0, "SRS0=VPFz=IZ=orig.com=mouse@second.com", "OK mouse<@orig.com.>"},
    {"angles and dot", t0, "<SRS0=VPFz=IZ=orig.com=mouse@second.com.>", "OK mouse<@orig.com.>"},
    {"host ignored", t0, "mx\x9BSRS0=VPFz=IZ=orig.com=mouse@second.com", "OK mouse<@orig.com.>"},
    {"bad hash: unchanged", t0, "SRS0=XXXX=IZ=orig.com=mouse@second.com", "OK SRS0=XXXX=IZ=orig.com=mouse@second.com"},
    {"expired: unchanged", t0 + 22 * day, "<SRS0=VPFz=IZ=orig.com=mouse@second.com>",
     "OK <SRS0=VPFz=IZ=orig.com=mouse@second.com>"},
    {"plain: unchanged", t0, "mouse@orig.com", "OK mouse@orig.com"},
    {"pipe quoted", t0, "|/usr/bin/vacation", "OK \"|/usr/bin/vacation\""},
    {"malformed: unchanged", t0, "SRS0=VPFz@second.com", "OK SRS0=VPFz@second.com"},
    {"bad SES: unchanged", t0, "SES=ABCDEF=mickey@ses.example", "OK SES=ABCDEF=mickey@ses.example"},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(sendmail_maps)

BOOST_DATA_TEST_CASE(make_srs, bdata::make(make_srs_cases), c) {
    MapsFixture f(c.now);
    auto got = f.payload("make_srs", c.key);
    BOOST_TEST(srsd_test::matches(c.want, got), c.name << ": got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(reverse_srs, bdata::make(reverse_srs_cases), c) {
    MapsFixture f(c.now);
    auto got = f.payload("reverse_srs", c.key);
    BOOST_TEST(srsd_test::matches(c.want, got), c.name << ": got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(ses_and_sign_round_trip) {
    MapsFixture f;
    for (std::string sender : {"mickey@ses.example", "mickey@sign.example"}) {
        auto made = f.maps->make_srs(sender);
        auto unfocused = made.text;  // local<@domain.> back to local@domain
        unfocused.replace(unfocused.find("<@"), 2, "@");
        unfocused.resize(unfocused.size() - 2);
        auto back = f.payload("reverse_srs", unfocused);
        auto want = "OK " + mailsec::srsd::focused(sender);
        BOOST_TEST(back == want, sender << ": got " << back << ", want " << want);
    }
}

BOOST_AUTO_TEST_SUITE_END()
