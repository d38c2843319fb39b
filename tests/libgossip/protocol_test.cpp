// libgossip/src/protocol.cpp: gossip.md §6 replies (the verdict rows), §7 grammar:
// every accepted form, every rejected form with the UMIS its ERROR reply carries.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mailsec/gossip/protocol.hpp"
#include "vectors.hpp"

namespace bdata = boost::unit_test::data;
namespace gossip = mailsec::gossip;
using namespace gossip_test;

BOOST_AUTO_TEST_SUITE(protocol)

BOOST_DATA_TEST_CASE(verdict_vectors, bdata::make(rows("verdict")), row) {
    if (skip_if_placeholder(row)) return;
    auto in = items(row.input);
    const std::string got = gossip::verdict_reply(in["umis"], number(in["rep"]), number(in["cfi"]));
    BOOST_CHECK_MESSAGE(got == row.expected, "got '" << got << "', want '" << row.expected << "'");
}

struct GoodCase {
    std::string line;
    std::string canonical;  // format_request of the parsed value
    std::string key;        // Q/R key, or the feedback verdict "spam"/"ham"
};
std::ostream& operator<<(std::ostream& os, const GoodCase& c) { return os << c.line; }

BOOST_DATA_TEST_CASE(
    accepts,
    bdata::make(std::vector<GoodCase>{
        {"Q:example.com:SPF:1:U1", "Q:example.com:SPF:1:U1", "example.com:SPF"},
        {"  Q:example.com:SPF:1:U1\r\n", "Q:example.com:SPF:1:U1", "example.com:SPF"},
        {"Q:spammer.com:192.168.1.6:5:1234", "Q:spammer.com:192.168.1.6:5:1234", "spammer.com:192.168.1.6"},
        {"Q:spammer.com:[2001:db8::6]:1:U", "Q:spammer.com:[2001:db8::6]:1:U", "spammer.com:[2001:db8::6]"},
        {"Q:[192.0.2.1]:HELO:0:U", "Q:[192.0.2.1]:HELO:0:U", "[192.0.2.1]:HELO"},
        {"Q:a.com:SPF:255:Q30Xv5qWWC4Aa30jlI.BlQ", "Q:a.com:SPF:255:Q30Xv5qWWC4Aa30jlI.BlQ", "a.com:SPF"},
        {"Q:a.com:SPF:007:u$+/=_-.", "Q:a.com:SPF:7:u$+/=_-.", "a.com:SPF"},
        {"Q:a.com:peer:1:U", "Q:a.com:peer:1:U", "a.com:peer"},
        {"Q:a.com:SPF:1:U:A=1700000000.abcDEF_-", "Q:a.com:SPF:1:U:A=1700000000.abcDEF_-", "a.com:SPF"},
        {"F:U1:1", "F:U1:1", "spam"},
        {"F:U1:Yes", "F:U1:1", "spam"},
        {"F:U1:123456789", "F:U1:1", "spam"},
        {"F:U1:0", "F:U1:0", "ham"},
        {"F:U1:No", "F:U1:0", "ham"},
        {"F:U1:-5", "F:U1:0", "ham"},
        {"R:example.com:SPF", "R:example.com:SPF", "example.com:SPF"},
        {"R:spammer.com:[2001:db8::6]", "R:spammer.com:[2001:db8::6]", "spammer.com:[2001:db8::6]"},
    }),
    c) {
    auto r = gossip::parse_request(c.line);
    BOOST_REQUIRE_MESSAGE(r, "got error " << (r ? "" : r.error().message) << ", want a request");
    const std::string got = gossip::format_request(*r);
    BOOST_CHECK_MESSAGE(got == c.canonical, "got " << got << ", want " << c.canonical);
    std::string key;
    if (auto* q = std::get_if<gossip::QueryRequest>(&*r)) key = q->key();
    if (auto* f = std::get_if<gossip::FeedbackRequest>(&*r)) key = f->spam ? "spam" : "ham";
    if (auto* x = std::get_if<gossip::ResetRequest>(&*r)) key = x->key();
    BOOST_CHECK_MESSAGE(key == c.key, "key: got " << key << ", want " << c.key);
}

struct BadCase {
    std::string line;
    std::string umis;  // what the ERROR reply carries
};
std::ostream& operator<<(std::ostream& os, const BadCase& c) { return os << c.line.substr(0, 60); }

std::vector<BadCase> bad_cases() {
    return {
        {"X:foo", "-"},
        {"Q", "-"},
        {"q:a.com:SPF:1:U", "-"},
        {"Q:a.com:SPF:1", "-"},
        {"Q:a.com:SPF:1:U:extra", "U"},
        {"Q:a.com:SPF:1:U:A=", "U"},
        {"Q:a.com:SPF:256:U", "U"},
        {"Q:a.com:SPF:1000:U", "U"},
        {"Q:a.com:SPF::U", "U"},
        {"Q:a.com:SPF:x:U", "U"},
        {"Q::SPF:1:U", "U"},
        {"Q:a.com::1:U", "U"},
        {"Q:a com:SPF:1:U", "U"},
        {"Q:a\x01.com:SPF:1:U", "U"},
        {"Q:a.com:SPF:1:", "-"},
        {"Q:a.com:SPF:1:U!", "-"},
        {"Q:a.com:SPF:1:" + std::string(65, 'u'), "-"},
        {"Q:" + std::string(256, 'a') + ":SPF:1:U", "U"},
        {"Q:a.com:" + std::string(65, 'q') + ":1:U", "U"},
        {"Q:[2001:db8::6:SPF:1:U", "-"},
        {"Q:a.com:[2001:db8::6]x:1:U", "-"},
        {"Q:a.com:SPF:1:U" + std::string(1020, ' ') + "x", "-"},
        {"F:U1", "U1"},
        {"F:U1:maybe", "U1"},
        {"F:U1:1234567890", "U1"},
        {"F:U1:", "U1"},
        {"F:U1:1:2", "U1"},
        {"F::1", "-"},
        {"R:a.com", "-"},
        {"R:a.com:SPF:x", "-"},
        {"R::SPF", "-"},
    };
}

BOOST_DATA_TEST_CASE(rejects, bdata::make(bad_cases()), c) {
    auto r = gossip::parse_request(c.line);
    BOOST_CHECK_MESSAGE(!r, "got a request, want an error");
    if (!r) BOOST_CHECK_EQUAL(r.error().code, "bad-request");
    const std::string got = gossip::error_reply(gossip::salvage_umis(c.line));
    const std::string want = "ERROR X-GOSSiP: " + c.umis + ",0,0";
    BOOST_CHECK_MESSAGE(got == want, "got " << got << ", want " << want);
}

struct AnswerCase {
    std::string line;
    std::string want;  // "ACTION umis rep cfi" or "error:<code>"
};
std::ostream& operator<<(std::ostream& os, const AnswerCase& c) { return os << c.line; }

BOOST_DATA_TEST_CASE(parses_answers,
                     bdata::make(std::vector<AnswerCase>{
                         {"PREPEND X-GOSSiP: U1,0,0", "PREPEND U1 0 0"},
                         {"REJECT X-GOSSiP: 1234,-76,1\r", "REJECT 1234 -76 1"},
                         {"PREPEND X-GOSSiP: U,76,3 A=abc", "PREPEND U 76 3"},
                         {"ERROR X-GOSSiP: U,0,0", "error:error-reply"},
                         {"", "error:bad-reply"},
                         {"PREPEND X-GOSSiP: U,x,0", "error:bad-reply"},
                         {"PREPEND X-GOSSiP: U,1", "error:bad-reply"},
                         {"ACCEPT X-GOSSiP: U,1,1", "error:bad-reply"},
                     }),
                     c) {
    auto a = gossip::parse_answer(c.line);
    const std::string got = a ? a->action + " " + a->umis + " " + std::to_string(a->rep) + " " + std::to_string(a->cfi)
                              : "error:" + a.error().code;
    BOOST_CHECK_MESSAGE(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(wire_adds_the_empty_line) {
    BOOST_CHECK_EQUAL(gossip::to_wire(gossip::ack_reply()), "\n\n");
    BOOST_CHECK_EQUAL(gossip::to_wire("PREPEND X-GOSSiP: U,0,0"), "PREPEND X-GOSSiP: U,0,0\n\n");
}

BOOST_AUTO_TEST_SUITE_END()
