// libgossip/src/node.cpp: gossip.md §5 over the peer rows, §10's replay and
// replay-final rows, §6's example exchange byte for byte, §7 "exactly one reply",
// §8 feedback origin and admin-only reset.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <memory>

#include "mailsec/gossip/node.hpp"
#include "mailsec/gossip/sqlite_store.hpp"
#include "vectors.hpp"

namespace bdata = boost::unit_test::data;
namespace gossip = mailsec::gossip;
namespace core = mailsec::core;
using namespace gossip_test;

namespace {

core::Clock::time_point at(double seconds) {
    return core::Clock::time_point{
        std::chrono::duration_cast<core::Clock::time_point::duration>(std::chrono::duration<double>(seconds))};
}

const gossip::Caller client{"127.0.0.1", std::nullopt, false, true};

// Feeds a byte stream to the node the way gossipd reads it: line by line up to LF.
std::string feed(gossip::Node& node, std::string_view bytes, const gossip::Caller& caller) {
    std::string out;
    while (!bytes.empty()) {
        const auto lf = std::min(bytes.find('\n'), bytes.size());
        if (auto reply = node.handle_line(bytes.substr(0, lf), caller)) out += *reply;
        bytes.remove_prefix(std::min(lf + 1, bytes.size()));
    }
    return out;
}

class FakePeers final : public gossip::PeerClient {
public:
    std::vector<std::optional<gossip::PeerAnswer>> answers;
    std::vector<gossip::QueryRequest> asked;
    std::vector<std::optional<gossip::PeerAnswer>> ask(const gossip::QueryRequest& forward,
                                                       const std::vector<bool>& which) override {
        asked.push_back(forward);
        auto out = answers;
        for (std::size_t i = 0; i < out.size(); ++i)
            if (!which[i]) out[i].reset();
        return out;
    }
};

struct Fixture {
    core::ManualClock clock{at(t0)};
    std::unique_ptr<gossip::SqliteStore> store = gossip::SqliteStore::open(":memory:").value();
};

void build(gossip::Store& store, const std::string& key, std::string_view spec) {
    const auto vs = votes(spec);
    for (std::size_t i = 0; i < vs.size(); ++i)
        BOOST_REQUIRE(store.vote(key, vs[i], t0 + static_cast<double>(i), 1024));
}

// The §10 replay file: line i runs at T0 + i - 1.
std::vector<std::string> replay_lines() {
    std::vector<std::string> out;
    for (int i = 0; i < 20; ++i) {
        out.push_back("Q:spammer.com:192.168.1.6:5:1234");
        out.push_back("F:1234:1");
    }
    for (int pair = 1; pair <= 16; ++pair) {
        const std::string u = pair % 2 == 1 ? "fa5a055a6e797e6fa54fd61996dacebfab3a434" : "UMID";
        const int fline = 40 + 2 * pair;
        out.push_back("Q:example.org:192.168.1.5:5:" + u);
        out.push_back("F:" + u + ":" + (fline == 56 || fline == 60 ? "1" : "0"));
    }
    for (const char* l :
         {"Q:spammer.com:192.168.1.6:5:1234", "F:1234:1", "Q:comcast.net:SPF:1:2345", "F:2345:1",
          "Q:comcast.net:SPF:1:2346", "R:comcast.net:SPF", "F:2346:1", "Q:comcast.net:SPF:1:2347", "F:2347:1"})
        out.emplace_back(l);
    return out;
}

// Runs lines 1..upto; returns the reply of line `upto`.
std::string run_replay(Fixture& f, gossip::Node& node, std::size_t upto) {
    const auto lines = replay_lines();
    std::string last;
    for (std::size_t i = 1; i <= upto; ++i) {
        f.clock.set(at(t0 + static_cast<double>(i) - 1));
        last = node.handle_line(lines[i - 1], client).value_or("<none>");
        if (lines[i - 1][0] != 'Q')
            BOOST_REQUIRE_MESSAGE(last == "\n\n", "line " << i << ": got '" << last << "', want ack");
    }
    return last;
}

gossip::NodeOptions replay_options() {
    gossip::NodeOptions o;
    o.qsize = 30;
    return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(node)

BOOST_DATA_TEST_CASE(replay_vectors, bdata::make(rows("replay")), row) {
    if (skip_if_placeholder(row)) return;
    const auto n = static_cast<std::size_t>(std::stoi(row.name.substr(4)));  // "line<N>"
    BOOST_REQUIRE_EQUAL(replay_lines().size(), 81U);
    BOOST_REQUIRE_MESSAGE(replay_lines()[n - 1] == row.input,
                          "line " << n << ": got " << replay_lines()[n - 1] << ", want " << row.input);
    Fixture f;
    gossip::Node node(*f.store, f.clock, replay_options());
    const std::string got = run_replay(f, node, n);
    BOOST_CHECK_MESSAGE(got == row.expected + "\n\n", "got '" << got << "', want '" << row.expected << "'");
}

BOOST_DATA_TEST_CASE(replay_final_vectors, bdata::make(rows("replay-final")), row) {
    if (skip_if_placeholder(row)) return;
    Fixture f;
    gossip::Node node(*f.store, f.clock, replay_options());
    run_replay(f, node, 81);
    auto rec = f.store->get(row.name);
    BOOST_REQUIRE(rec && rec->has_value());
    const auto& r = **rec;
    auto want = items(row.expected);
    BOOST_CHECK_EQUAL(std::to_string(r.bcnt), want["bcnt"]);
    BOOST_CHECK_EQUAL(std::to_string(r.hcnt), want["hcnt"]);
    BOOST_CHECK_EQUAL(std::to_string(r.ncnt), want["ncnt"]);
    BOOST_CHECK_MESSAGE(r.firstseen == number(want["first"]),
                        "first: got " << show(r.firstseen) << ", want " << want["first"]);
    BOOST_CHECK_MESSAGE(r.lastseen == number(want["last"]),
                        "last: got " << show(r.lastseen) << ", want " << want["last"]);
    BOOST_CHECK_MESSAGE(r.reputation() == number(want["rep"]),
                        "rep: got " << show(r.reputation()) << ", want " << want["rep"]);
    const double cfi = r.confidence(t0 + 80);
    BOOST_CHECK_MESSAGE(cfi == number(want["cfi"]), "cfi: got " << show(cfi) << ", want " << want["cfi"]);
}

BOOST_DATA_TEST_CASE(peer_vectors, bdata::make(rows("peer")), row) {
    if (skip_if_placeholder(row)) return;
    auto in = items(row.input);
    Fixture f;
    f.clock.set(at(t0 + 1000));
    if (in["local"] != "-") build(*f.store, "d.com:SPF", in["local"]);
    if (in["seen"] == "True") BOOST_REQUIRE(f.store->add_pending({"U", "d.com:SPF", "127.0.0.1", t0 + 1000}, 100));
    gossip::NodeOptions o;
    o.qsize = 100;
    FakePeers peers;
    std::string_view list = in["peers"];
    while (!list.empty()) {  // host:answer:trust;...
        const auto semi = std::min(list.find(';'), list.size());
        const std::string_view p = list.substr(0, semi);
        list.remove_prefix(std::min(semi + 1, list.size()));
        const auto c1 = p.find(':');
        const auto c2 = p.find(':', c1 + 1);
        const std::string host(p.substr(0, c1));
        const std::string answer(p.substr(c1 + 1, c2 - c1 - 1));
        const std::string trust(p.substr(c2 + 1));
        o.peers.push_back(host);
        if (answer == "down")
            peers.answers.emplace_back();
        else
            peers.answers.push_back(
                gossip::PeerAnswer{std::stoi(answer), std::stoi(answer.substr(answer.find('/') + 1))});
        if (trust != "-") build(*f.store, host + ":PEER", trust);
    }
    gossip::Node node(*f.store, f.clock, o, &peers);
    auto plan = node.plan_query(gossip::QueryRequest{"d.com", "SPF", 1, "U", std::nullopt}, client);
    BOOST_REQUIRE(plan && plan->forward);
    BOOST_CHECK_EQUAL(gossip::format_request(*plan->forward), "Q:d.com:SPF:0:U");
    const auto outcome = node.finish_query(*plan, peers.ask(*plan->forward, plan->ask));

    // expected: rep=<f> cfi=<f> line=<reply with spaces> peerobs(bcnt/hcnt/ncnt)=h=b/h/n,...
    const std::string& e = row.expected;
    const auto line_at = e.find(" line=");
    const std::string obs_tag = " peerobs(bcnt/hcnt/ncnt)=";
    const auto obs_at = e.find(obs_tag);
    auto want = items(e.substr(0, line_at));
    BOOST_CHECK_MESSAGE(outcome.opinion.rep == number(want["rep"]),
                        "rep: got " << show(outcome.opinion.rep) << ", want " << want["rep"]);
    BOOST_CHECK_MESSAGE(outcome.opinion.cfi == number(want["cfi"]),
                        "cfi: got " << show(outcome.opinion.cfi) << ", want " << want["cfi"]);
    const std::string want_line = e.substr(line_at + 6, obs_at - line_at - 6);
    BOOST_CHECK_MESSAGE(outcome.reply == want_line, "line: got '" << outcome.reply << "', want '" << want_line << "'");
    std::string got_obs;
    for (const auto& host : o.peers) {
        auto rec = f.store->get(host + ":PEER");
        BOOST_REQUIRE(rec);
        got_obs += (got_obs.empty() ? "" : ",") + host + "=" +
                   (rec->has_value() ? std::to_string((*rec)->bcnt) + "/" + std::to_string((*rec)->hcnt) + "/" +
                                           std::to_string((*rec)->ncnt)
                                     : "-");
    }
    const std::string want_obs = e.substr(obs_at + obs_tag.size());
    BOOST_CHECK_MESSAGE(got_obs == want_obs, "peerobs: got " << got_obs << ", want " << want_obs);
}

// §6 example exchange, bytes on the wire (CRLF accepted).
BOOST_AUTO_TEST_CASE(example_exchange_byte_for_byte) {
    Fixture f;
    gossip::Node node(*f.store, f.clock);
    const std::pair<std::string, std::string> steps[] = {
        {"Q:example.com:SPF:1:U1\n\n", "PREPEND X-GOSSiP: U1,0,0\n\n"},
        {"F:U1:1\n\n", "\n\n"},
        {"Q:example.com:SPF:1:U2\r\n", "PREPEND X-GOSSiP: U2,-76,0\n\n"},
        {"R:example.com:SPF\n", "\n\n"},
    };
    for (const auto& [in, want] : steps) {
        const std::string got = feed(node, in, client);
        BOOST_CHECK_MESSAGE(got == want, "for " << in << "got '" << got << "', want '" << want << "'");
    }
    auto rec = f.store->get("example.com:SPF");
    BOOST_CHECK(rec && !rec->has_value());
}

// §7: each bad request gets exactly one ERROR reply and the stream keeps working.
BOOST_AUTO_TEST_CASE(bad_requests_get_one_error_each) {
    Fixture f;
    gossip::Node node(*f.store, f.clock);
    const std::string stream =
        "X:foo\nQ:a.com:SPF:999:U9\nF:U1:maybe\nR:a.com\n\n  \r\nQ:a.com:SPF:1:U1:x:y\nQ:example.com:SPF:1:U1\n";
    const std::string want =
        "ERROR X-GOSSiP: -,0,0\n\nERROR X-GOSSiP: U9,0,0\n\nERROR X-GOSSiP: U1,0,0\n\nERROR X-GOSSiP: -,0,0\n\n"
        "ERROR X-GOSSiP: U1,0,0\n\nPREPEND X-GOSSiP: U1,0,0\n\n";
    const std::string got = feed(node, stream, client);
    BOOST_CHECK_MESSAGE(got == want, "got '" << got << "', want '" << want << "'");
}

struct OriginCase {
    std::string name;
    gossip::Caller feedback_from;
    int want_bcnt;
};
std::ostream& operator<<(std::ostream& os, const OriginCase& c) { return os << c.name; }

// §8: feedback only from the asking client's address or a trusted client; peers never.
BOOST_DATA_TEST_CASE(feedback_origin,
                     bdata::make(std::vector<OriginCase>{
                         {"same address, new connection", {"127.0.0.1", std::nullopt, false, false}, 1},
                         {"other client", {"192.0.2.7", std::nullopt, false, false}, 0},
                         {"trusted client", {"192.0.2.7", std::nullopt, true, false}, 1},
                         {"peer", {"192.0.2.8", std::size_t{0}, false, false}, 0},
                     }),
                     c) {
    Fixture f;
    gossip::NodeOptions o;
    o.peers = {"p1"};
    gossip::Node node(*f.store, f.clock, o);
    BOOST_CHECK_EQUAL(feed(node, "Q:a.com:SPF:0:U1\n", client), "PREPEND X-GOSSiP: U1,0,0\n\n");
    BOOST_CHECK_EQUAL(feed(node, "F:U1:1\n", c.feedback_from), "\n\n");
    BOOST_CHECK_EQUAL(feed(node, "F:U1:1\n", c.feedback_from), "\n\n");  // one vote per message
    auto rec = f.store->get("a.com:SPF");
    BOOST_REQUIRE(rec);
    const int got = rec->has_value() ? (*rec)->bcnt : 0;
    BOOST_CHECK_MESSAGE(got == c.want_bcnt, "bcnt: got " << got << ", want " << c.want_bcnt);
}

BOOST_AUTO_TEST_CASE(peer_queries_feed_seen_but_never_feedback) {
    Fixture f;
    gossip::NodeOptions o;
    o.peers = {"p1"};
    gossip::Node node(*f.store, f.clock, o);
    const gossip::Caller peer{"192.0.2.8", std::size_t{0}, true, false};
    BOOST_CHECK_EQUAL(feed(node, "Q:a.com:SPF:0:U1\n", peer), "PREPEND X-GOSSiP: U1,0,0\n\n");
    auto pending = f.store->find_pending("U1");
    BOOST_REQUIRE(pending);
    BOOST_CHECK(!pending->has_value());
    // Seen: a later client query with the same UMIS registers nothing (§5 loop guard).
    BOOST_CHECK_EQUAL(feed(node, "Q:a.com:SPF:0:U1\n", client), "PREPEND X-GOSSiP: U1,0,0\n\n");
    pending = f.store->find_pending("U1");
    BOOST_CHECK(pending && !pending->has_value());
}

BOOST_AUTO_TEST_CASE(peer_qual_is_reserved) {
    Fixture f;
    build(*f.store, "p1:PEER", "+*3");
    gossip::Node node(*f.store, f.clock);
    BOOST_CHECK_EQUAL(feed(node, "Q:p1:PEER:0:U1\n", client), "PREPEND X-GOSSiP: U1,76,0\n\n");
    auto pending = f.store->find_pending("U1");
    BOOST_CHECK(pending && !pending->has_value());
    BOOST_CHECK_EQUAL(feed(node, "R:p1:peer\n", client), "\n\n");
    auto rec = f.store->get("p1:PEER");
    BOOST_CHECK(rec && rec->has_value());
}

BOOST_AUTO_TEST_CASE(reset_needs_admin) {
    Fixture f;
    build(*f.store, "a.com:SPF", "-");
    gossip::Node node(*f.store, f.clock);
    BOOST_CHECK_EQUAL(feed(node, "R:a.com:SPF\n", gossip::Caller{"192.0.2.7", std::nullopt, false, false}), "\n\n");
    auto rec = f.store->get("a.com:SPF");
    BOOST_CHECK(rec && rec->has_value());
    BOOST_CHECK_EQUAL(feed(node, "R:a.com:SPF\n", client), "\n\n");
    rec = f.store->get("a.com:SPF");
    BOOST_CHECK(rec && !rec->has_value());
}

BOOST_AUTO_TEST_CASE(expired_pending_feedback_is_ignored) {
    Fixture f;
    gossip::Node node(*f.store, f.clock);
    BOOST_CHECK_EQUAL(feed(node, "Q:a.com:SPF:0:U1\n", client), "PREPEND X-GOSSiP: U1,0,0\n\n");
    f.clock.set(at(t0 + 7 * 86400 + 1));
    BOOST_CHECK_EQUAL(feed(node, "F:U1:1\n", client), "\n\n");
    auto rec = f.store->get("a.com:SPF");
    BOOST_CHECK(rec && !rec->has_value());
}

BOOST_AUTO_TEST_CASE(online_expiry_drops_stale_records) {
    Fixture f;
    build(*f.store, "old.com:SPF", "-");
    build(*f.store, "p1:PEER", "+");
    f.clock.set(at(t0 + 200 * 86400));
    BOOST_REQUIRE(f.store->vote("new.com:SPF", -1, t0 + 200 * 86400, 1024));
    f.clock.set(at(t0 + 361 * 86400));
    gossip::Node node(*f.store, f.clock);
    auto n = node.expire();
    BOOST_REQUIRE(n);
    BOOST_CHECK_EQUAL(n->records, 2U);
    auto rec = f.store->get("new.com:SPF");
    BOOST_CHECK(rec && rec->has_value());
}

BOOST_AUTO_TEST_CASE(in_process_calls) {
    Fixture f;
    gossip::Node node(*f.store, f.clock);
    auto a = node.query("U1", "example.com", "SPF");
    BOOST_REQUIRE(a);
    BOOST_CHECK_EQUAL(a->action, "PREPEND");
    BOOST_CHECK(node.feedback("U1", true));
    a = node.query("U2", "example.com", "SPF");
    BOOST_REQUIRE(a);
    BOOST_CHECK_EQUAL(a->rep, -76);
    BOOST_CHECK(node.reset("example.com", "SPF"));
    BOOST_CHECK(!node.query("bad umis", "example.com", "SPF"));
}

BOOST_AUTO_TEST_SUITE_END()
