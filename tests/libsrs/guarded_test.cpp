// Tests for libsrs/src/guarded.cpp (and the shared engine): the Guarded scheme,
// SRS0/SRS1 formats, hash verification order and timestamps (srs.md §2, §3).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <ostream>
#include <string>

#include "helpers.hpp"
#include "mailsec/srs/guarded.hpp"

namespace srs = mailsec::srs;
namespace core = mailsec::core;
namespace bdata = boost::unit_test::data;
using srs_test::day;
using srs_test::t0;

namespace {

using Change = std::function<void(srs::Options&)>;
const Change defaults = [](srs::Options&) {};

struct ForwardCase {
    std::string name;
    Change change;
    std::int64_t now;
    std::string sender, alias, want;
};
std::ostream& operator<<(std::ostream& os, const ForwardCase& c) { return os << c.name; }

const ForwardCase forward_cases[] = {
    {"plain", defaults, t0, "mouse@orig.com", "second.com", "ok:SRS0=VPFz=IZ=orig.com=mouse@second.com"},
    {"separator +", [](srs::Options& o) { o.separator = '+'; }, t0, "mouse@orig.com", "second.com",
     "ok:SRS0+VPFz=IZ=orig.com=mouse@second.com"},
    {"case kept", defaults, t0, "Mouse@ORIG.com", "second.com", "ok:SRS0=VPFz=IZ=ORIG.com=Mouse@second.com"},
    {"same host", defaults, t0, "mouse@SECOND.com", "second.com", "ok:mouse@SECOND.com"},
    {"always rewrite", [](srs::Options& o) { o.always_rewrite = true; }, t0, "mouse@second.com", "second.com",
     "ok:SRS0=XzOI=IZ=second.com=mouse@second.com"},
    {"alias as address", defaults, t0, "mouse@orig.com", "postmaster@second.com",
     "ok:SRS0=VPFz=IZ=orig.com=mouse@second.com"},
    {"quoted", defaults, t0, "\"Blah blah\"@orig.com", "second.com",
     "ok:\"SRS0=p0Wj=IZ=orig.com=Blah blah\"@second.com"},
    {"two @", defaults, t0, "a@b@orig.com", "second.com", "ok:SRS0=SZUa=IZ=orig.com=a@b@second.com"},
    {"no @", defaults, t0, "nodomain", "second.com", "error:no-at"},
    {"hashlength 27", [](srs::Options& o) { o.hash_length = 27; }, t0, "mouse@orig.com", "second.com",
     "ok:SRS0=VPFz/35yAw8y58dbilWLEZGU3KQ=IZ=orig.com=mouse@second.com"},
    {"SRS0 to SRS1", defaults, t0, "SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com", "forwarder2.com",
     "ok:SRS1=9KLd=forwarder1.com==G+3a=IZ=orig.com=mouse@forwarder2.com"},
    {"SRS0+ keeps separator", defaults, t0, "SRS0+G+3a=IZ=orig.com=mouse@forwarder1.com", "forwarder2.com",
     "ok:SRS1=vAlU=forwarder1.com=+G+3a=IZ=orig.com=mouse@forwarder2.com"},
    {"SRS1 re-signed", [](srs::Options& o) { o.secrets = {"hop3secret"}; }, t0,
     "SRS1=9KLd=forwarder1.com==G+3a=IZ=orig.com=mouse@forwarder2.com", "forwarder3.com",
     "ok:SRS1=uAJS=forwarder1.com==G+3a=IZ=orig.com=mouse@forwarder3.com"},
    {"SRS1 too few fields", defaults, t0, "SRS1=abcd=forwarder1.com@forwarder2.com", "forwarder3.com",
     "error:malformed"},
    {"rotation: first signs", [](srs::Options& o) { o.secrets = {"newsecret", "oldsecret"}; }, t0,
     "mouse@orig.com", "second.com", "ok:SRS0=XBPc=IZ=orig.com=mouse@second.com"},
};

struct ReverseCase {
    std::string name;
    Change change;
    std::int64_t now;
    std::string address, want;  // want: ok:<address>[ warn] or error:<code>
};
std::ostream& operator<<(std::ostream& os, const ReverseCase& c) { return os << c.name; }

const std::string fw01 = "SRS0=VPFz=IZ=orig.com=mouse@second.com";
const ReverseCase reverse_cases[] = {
    {"valid", defaults, t0, fw01, "ok:mouse@orig.com"},
    {"case smashed", defaults, t0, "srs0=vpfz=iz=orig.com=mouse@second.com", "ok:mouse@orig.com warn"},
    {"case fallback off", [](srs::Options& o) { o.case_fallback = false; }, t0,
     "srs0=vpfz=iz=orig.com=mouse@second.com", "error:bad-hash"},
    {"bad hash", defaults, t0, "SRS0=BPFz=IZ=orig.com=mouse@second.com", "error:bad-hash"},
    {"last valid day", defaults, t0 + 21 * day, fw01, "ok:mouse@orig.com"},
    {"expired", defaults, t0 + 22 * day, fw01, "error:bad-timestamp"},
    {"from the future", defaults, t0 - day, fw01, "error:bad-timestamp"},
    {"cycle wraps", defaults, t0 + 1024 * day, fw01, "ok:mouse@orig.com"},
    {"ignore timestamp", [](srs::Options& o) { o.ignore_timestamp = true; }, t0 + 100 * day, fw01,
     "ok:mouse@orig.com"},
    {"maxage 0 same day", [](srs::Options& o) { o.max_age = 0; }, t0, fw01, "ok:mouse@orig.com"},
    {"maxage 0 next day", [](srs::Options& o) { o.max_age = 0; }, t0 + day, fw01, "error:bad-timestamp"},
    {"not SRS", defaults, t0, "mouse@orig.com", "error:not-srs"},
    {"SRS2", defaults, t0, "SRS2=VPFz=IZ=orig.com=mouse@second.com", "error:not-srs"},
    {"bad separator", defaults, t0, "SRS0xVPFz=IZ=orig.com=mouse@second.com", "error:not-srs"},
    {"3 fields", defaults, t0, "SRS0=VPFz=IZ=orig.com@second.com", "error:malformed"},
    {"tag only", defaults, t0, "SRS0=@second.com", "error:malformed"},
    {"no @", defaults, t0, "SRS0=VPFz=IZ=orig.com=mouse", "error:no-at"},
    {"hash too short", defaults, t0, "SRS0=VPF=IZ=orig.com=mouse@second.com", "error:bad-hash"},
    {"longer valid hash", defaults, t0, "SRS0=VPFz/35y=IZ=orig.com=mouse@second.com", "ok:mouse@orig.com"},
    {"hash plus junk", defaults, t0, "SRS0=VPFzX=IZ=orig.com=mouse@second.com", "error:bad-hash"},
    {"hash over 27 chars", defaults, t0, "SRS0=VPFz/35yAw8y58dbilWLEZGU3KQA=IZ=orig.com=mouse@second.com",
     "error:bad-hash"},
    {"hashmin 4 of 8", [](srs::Options& o) { o.hash_length = 8; o.hash_min = 4; }, t0, fw01, "ok:mouse@orig.com"},
    {"hashmin 8", [](srs::Options& o) { o.hash_length = 8; }, t0, fw01, "error:bad-hash"},
    {"hash checked before timestamp", defaults, t0, "SRS0=xxxx=I1=orig.com=mouse@second.com", "error:bad-hash"},
    {"timestamp after good hash", defaults, t0, "SRS0=d0Ff=I1=orig.com=mouse@second.com", "error:bad-timestamp"},
    {"tampered user", defaults, t0, "SRS0=VPFz=IZ=orig.com=mice@second.com", "error:bad-hash"},
    {"old secret", [](srs::Options& o) { o.secrets = {"newsecret", "oldsecret"}; }, t0,
     "SRS0=BGXG=IZ=orig.com=mouse@second.com", "ok:mouse@orig.com"},
    {"secret gone", [](srs::Options& o) { o.secrets = {"newsecret"}; }, t0,
     "SRS0=BGXG=IZ=orig.com=mouse@second.com", "error:bad-hash"},
    {"quoted", defaults, t0, "\"SRS0=p0Wj=IZ=orig.com=Blah blah\"@second.com", "ok:\"Blah blah\"@orig.com"},
    {"two @", defaults, t0, "SRS0=SZUa=IZ=orig.com=a@b@second.com", "ok:a@b@orig.com"},
    {"SRS1", defaults, t0, "SRS1=9KLd=forwarder1.com==G+3a=IZ=orig.com=mouse@forwarder2.com",
     "ok:SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com"},
    {"SRS1 bad hash", defaults, t0, "SRS1=BKLd=forwarder1.com==G+3a=IZ=orig.com=mouse@forwarder2.com",
     "error:bad-hash"},
    {"SRS1 case smashed", defaults, t0, "srs1=9kld=forwarder1.com==g+3a=iz=orig.com=mouse@forwarder2.com",
     "ok:SRS0=g+3a=iz=orig.com=mouse@forwarder1.com warn"},
    {"SRS1 empty host", defaults, t0, "SRS1=9KLd==x@forwarder2.com", "error:malformed"},
    {"SRS1 hashless", defaults, t0, "SRS1=forwarder1.com==abcd=IZ=orig.com=mouse@forwarder2.com",
     "error:hashless-srs1"},
    {"SRS1 hashless allowed", [](srs::Options& o) { o.allow_unsafe_srs = true; }, t0,
     "SRS1=forwarder1.com==abcd=IZ=orig.com=mouse@forwarder2.com", "ok:SRS0=abcd=IZ=orig.com=mouse@forwarder1.com"},
    {"signing mode", defaults, t0, "SRS0=VPFz=IZ==mouse@orig.com", "ok:mouse@orig.com"},
    {"signing mode moved", defaults, t0, "SRS0=VPFz=IZ==mouse@other.com", "error:bad-hash"},
};

std::unique_ptr<srs::Guarded> make(const Change& change, const core::Clock& clock) {
    auto o = srs_test::options();
    change(o);
    auto g = srs::Guarded::create(o, clock);
    BOOST_REQUIRE_MESSAGE(g.ok(), "create failed");
    return std::move(*g);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(guarded)

BOOST_DATA_TEST_CASE(forward, bdata::make(forward_cases), c) {
    core::ManualClock clock(srs_test::at(c.now));
    auto g = make(c.change, clock);
    auto got = srs_test::outcome(g->forward(c.sender, c.alias), [](const std::string& s) { return s; });
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(reverse, bdata::make(reverse_cases), c) {
    core::ManualClock clock(srs_test::at(c.now));
    auto g = make(c.change, clock);
    auto got = srs_test::outcome(g->reverse(c.address), [](const srs::Reversed& r) {
        return r.address + (r.case_warning ? " warn" : "");
    });
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(round_trip_two_hops) {
    core::ManualClock clock(srs_test::at(t0));
    auto g = make(defaults, clock);
    auto hop1 = g->forward("user+tag@Example.ORG", "fwd1.example");
    BOOST_REQUIRE(hop1.ok());
    auto hop2 = g->forward(*hop1, "fwd2.example");
    BOOST_REQUIRE(hop2.ok());
    auto all = g->reverse_all(*hop2);
    BOOST_REQUIRE(all.ok());
    BOOST_TEST(all->address == "user+tag@Example.ORG", "got " << all->address << ", want user+tag@Example.ORG");
}

BOOST_AUTO_TEST_SUITE_END()
