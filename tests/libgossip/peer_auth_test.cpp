// libgossip/src/peer_auth.cpp: gossip.md §8 optional peer authentication — a signed
// request verifies once, a replay, a wrong secret, a stale timestamp or a tampered
// field fail; reply macs bind the reply to the request.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mailsec/gossip/peer_auth.hpp"

namespace bdata = boost::unit_test::data;
namespace gossip = mailsec::gossip;

namespace {
constexpr std::int64_t now = 1700000000;
gossip::QueryRequest request() { return {"example.com", "SPF", 1, "U1", std::nullopt}; }
}  // namespace

BOOST_AUTO_TEST_SUITE(peer_auth)

BOOST_AUTO_TEST_CASE(signed_request_parses_and_verifies_once) {
    auto q = request();
    q.auth = gossip::make_auth("s3cret", q, now);
    const std::string line = gossip::format_request(q);
    auto parsed = gossip::parse_request(line);
    BOOST_REQUIRE_MESSAGE(parsed, "got error for " << line);
    const auto& pq = std::get<gossip::QueryRequest>(*parsed);
    BOOST_CHECK_EQUAL(gossip::auth_mac(*pq.auth).size(), 22U);
    gossip::RequestVerifier v;
    BOOST_CHECK(v.verify("s3cret", pq, now + 10));
    auto again = v.verify("s3cret", pq, now + 11);
    BOOST_CHECK(!again);
}

struct BadCase {
    std::string name;
    std::string secret;
    std::int64_t signed_at;
    std::string tamper;  // replaces the UMIS after signing when not empty
};
std::ostream& operator<<(std::ostream& os, const BadCase& c) { return os << c.name; }

BOOST_DATA_TEST_CASE(refuses,
                     bdata::make(std::vector<BadCase>{{"wrong secret", "other", now, ""},
                                                      {"too old", "s3cret", now - 301, ""},
                                                      {"from the future", "s3cret", now + 301, ""},
                                                      {"tampered umis", "s3cret", now, "U2"}}),
                     c) {
    auto q = request();
    q.auth = gossip::make_auth(c.secret, q, c.signed_at);
    if (!c.tamper.empty()) q.umis = c.tamper;
    gossip::RequestVerifier v;
    auto s = v.verify("s3cret", q, now);
    BOOST_CHECK_MESSAGE(!s, "got ok, want auth-failed");
}

BOOST_AUTO_TEST_CASE(missing_field_is_refused) {
    gossip::RequestVerifier v;
    BOOST_CHECK(!v.verify("s3cret", request(), now));
}

BOOST_AUTO_TEST_CASE(reply_mac_round_trip) {
    const std::string mac = "abcdefghijklmnopqrstuv";
    const std::string reply = gossip::sign_reply("s3cret", "PREPEND X-GOSSiP: U1,76,3", mac);
    auto ok = gossip::verify_reply("s3cret", reply, mac);
    BOOST_REQUIRE(ok);
    BOOST_CHECK_EQUAL(*ok, "PREPEND X-GOSSiP: U1,76,3");
    BOOST_CHECK(!gossip::verify_reply("s3cret", reply, "another-request-mac-xx"));
    BOOST_CHECK(!gossip::verify_reply("s3cret", "PREPEND X-GOSSiP: U1,76,3", mac));
    auto answer = gossip::parse_answer(reply);
    BOOST_REQUIRE(answer);
    BOOST_CHECK_EQUAL(answer->cfi, 3);
}

BOOST_AUTO_TEST_SUITE_END()
