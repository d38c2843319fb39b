// Tests for libsrs/src/ses.cpp: SES signatures, expiry, the replay limit and the
// fixes over pysrs (srs.md §6, ses-*).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "helpers.hpp"
#include "mailsec/srs/ses.hpp"

namespace srs = mailsec::srs;
namespace core = mailsec::core;
namespace bdata = boost::unit_test::data;
using srs_test::t0;

namespace {

constexpr std::int64_t quarter = 21600;
const std::string sig1 = "SES=E6FEVX9MBS852OJZY=mickey@Mouse.com";
const std::string fixed = "SES=YI70XK0U1FK6KAPWBO4OG=mickey@Mouse.com";

std::unique_ptr<srs::Ses> make(const core::Clock& clock, std::vector<std::string> secrets = {"shhhh!"},
                               int expiration = 10) {
    srs::SesOptions o;
    o.secrets = std::move(secrets);
    o.expiration = expiration;
    auto s = srs::Ses::create(o, clock);
    BOOST_REQUIRE_MESSAGE(s.ok(), "create SES");
    return std::move(*s);
}

std::string verdict(const core::Result<srs::SesVerdict>& v) {
    if (!v) return "error:" + v.error().code;
    if (!v->verified) return "unverified:" + v->address;
    return "ok:" + v->address + ";tc=" + std::to_string(v->timecode) + ";msgid=" + std::to_string(v->msgid);
}

struct SignCase {
    std::string name, address;
    std::uint64_t msgid;
    std::int64_t now;
    int expiration;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const SignCase& c) { return os << c.name; }
const SignCase sign_cases[] = {
    {"sequential", "mickey@Mouse.com", 0, t0, 10, "ok:" + sig1},
    {"fixed", "mickey@Mouse.com", 12345678, t0, 10, "ok:" + fixed},
    {"fixed later", "mickey@Mouse.com", 12345678, t0 + 100 * 86400, 10, "ok:" + fixed},
    {"domain case", "mickey@MOUSE.COM", 0, t0, 10, "ok:SES=E6FEVX9MBS852OJZY=mickey@MOUSE.COM"},
    {"local case", "Mickey@Mouse.com", 0, t0, 10, "ok:SES=E5_S74E9H_UWW8YAE=Mickey@Mouse.com"},
    {"expiration 21", "mickey@Mouse.com", 0, t0, 21, "ok:SES=NUYTA0ETLN6-43JB6=mickey@Mouse.com"},
    {"no @", "mickey", 0, t0, 10, "error:no-at"},
    {"msgid too large", "mickey@Mouse.com", std::uint64_t{1} << 40, t0, 10, "error:bad-config"},
};

struct VerifyCase {
    std::string name, address;
    std::int64_t now;
    std::vector<std::string> secrets;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const VerifyCase& c) { return os << c.name; }
const std::vector<std::string> shhhh = {"shhhh!"};
const VerifyCase verify_cases[] = {
    {"valid", sig1, t0, shhhh, "ok:mickey@Mouse.com;tc=78950;msgid=1"},
    {"case smashed", "ses=e6fevx9mbs852ojzy=mickey@mouse.com", t0, shhhh, "ok:mickey@mouse.com;tc=78950;msgid=1"},
    {"last valid unit", sig1, t0 + 39 * quarter, shhhh, "ok:mickey@Mouse.com;tc=78950;msgid=1"},
    {"expired", sig1, t0 + 40 * quarter, shhhh, "unverified:" + sig1},
    {"tampered", "SES=E6FEVX9MBS852OJZY=minnie@Mouse.com", t0, shhhh,
     "unverified:SES=E6FEVX9MBS852OJZY=minnie@Mouse.com"},
    {"fixed, 100 days later", fixed, t0 + 100 * 86400, shhhh, "ok:mickey@Mouse.com;tc=0;msgid=12345678"},
    {"fixed tampered (pysrs bug)", "SES=YI70XK0U1FK6KAPWBO4OG=minnie@Mouse.com", t0, shhhh,
     "unverified:SES=YI70XK0U1FK6KAPWBO4OG=minnie@Mouse.com"},
    {"extra = (pysrs bug)", "SES=abc=def=x@y.com", t0, shhhh, "unverified:SES=abc=def=x@y.com"},
    {"not SES", "mickey@Mouse.com", t0, shhhh, "unverified:mickey@Mouse.com"},
    {"bad character", "SES=AB!C=x@y.com", t0, shhhh, "error:malformed"},
    {"no signature field", "SES=abc@y.com", t0, shhhh, "error:malformed"},
    {"empty signature", "SES==x@y.com", t0, shhhh, "error:malformed"},
    {"over 128 bits", "SES=" + std::string(40, '-') + "=x@y.com", t0, shhhh, "error:malformed"},
    {"no @", "SES=E6FEVX9MBS852OJZY=mickey", t0, shhhh, "error:no-at"},
    {"rotation", sig1, t0, {"newsecret", "shhhh!"}, "ok:mickey@Mouse.com;tc=78950;msgid=1"},
    {"secret gone", sig1, t0, {"newsecret"}, "unverified:" + sig1},
    {"other layout", "SES=NUYTA0ETLN6-43JB6=mickey@Mouse.com", t0, shhhh,
     "unverified:SES=NUYTA0ETLN6-43JB6=mickey@Mouse.com"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ses)

BOOST_DATA_TEST_CASE(sign, bdata::make(sign_cases), c) {
    core::ManualClock clock(srs_test::at(c.now));
    auto s = make(clock, {"shhhh!"}, c.expiration);
    auto got = srs_test::outcome(s->sign(c.address, c.msgid), [](const std::string& v) { return v; });
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(verify, bdata::make(verify_cases), c) {
    core::ManualClock clock(srs_test::at(c.now));
    auto s = make(clock, c.secrets);
    auto got = verdict(s->verify(c.address));
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(replay_limit) {
    core::ManualClock clock(srs_test::at(t0));
    auto s = make(clock);
    for (int i = 1; i <= 3; ++i) BOOST_TEST(verdict(s->verify(sig1)).rfind("ok:", 0) == 0, "validation " << i);
    auto fourth = verdict(s->verify(sig1));
    BOOST_TEST(fourth == "error:replay", "got " << fourth << ", want error:replay");
}

BOOST_AUTO_TEST_CASE(fixed_signatures_not_counted) {
    core::ManualClock clock(srs_test::at(t0));
    auto s = make(clock);
    for (int i = 0; i < 10; ++i) BOOST_TEST(verdict(s->verify(fixed)).rfind("ok:", 0) == 0, "validation " << i);
}

BOOST_AUTO_TEST_CASE(sequential_msgids) {
    core::ManualClock clock(srs_test::at(t0));
    auto s = make(clock);
    std::vector<std::uint64_t> ids;
    for (int i = 0; i < 3; ++i) {
        auto signed_addr = s->sign("mickey@Mouse.com");
        BOOST_REQUIRE(signed_addr.ok());
        ids.push_back(s->verify(*signed_addr)->msgid);
    }
    clock.advance(std::chrono::seconds{quarter});
    auto next_unit = s->sign("mickey@Mouse.com");
    ids.push_back(s->verify(*next_unit)->msgid);
    BOOST_TEST((ids == std::vector<std::uint64_t>{1, 2, 3, 1}));
}

BOOST_AUTO_TEST_CASE(concurrent_verify_counts_once_each) {
    core::ManualClock clock(srs_test::at(t0));
    auto s = make(clock);
    std::atomic<int> ok{0}, replay{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&] {
            auto v = s->verify(sig1);
            if (v) ++ok;
            else if (v.error().code == "replay") ++replay;
        });
    for (auto& t : threads) t.join();
    BOOST_TEST(ok.load() == 3, "got " << ok.load() << " accepted, want 3");
    BOOST_TEST(replay.load() == 5, "got " << replay.load() << " replays, want 5");
}

BOOST_AUTO_TEST_CASE(bad_options) {
    core::ManualClock clock;
    srs::SesOptions o;
    BOOST_TEST(srs::Ses::create(o, clock).error().code == "no-secret");
    o.secrets = {"s"};
    o.hash_bits = 4;
    BOOST_TEST(srs::Ses::create(o, clock).error().code == "bad-config");
    o.hash_bits = 80;
    o.server = 1;
    BOOST_TEST(srs::Ses::create(o, clock).error().code == "bad-config");
}

BOOST_AUTO_TEST_SUITE_END()
