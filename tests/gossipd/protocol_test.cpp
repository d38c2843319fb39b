// gossipd's protocol over its real socket (gossip.md §6, §7, §8): the example
// exchange byte for byte, one ERROR per bad request with the connection still
// usable, admin-only reset, feedback origin, and the allow-list.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>

#include "line_client.hpp"
#include "mailsec/gossip/client.hpp"
#include "node_fixture.hpp"

namespace bdata = boost::unit_test::data;
using gossipd_test::GossipNode;
using gossipd_test::LineClient;

namespace {

struct Step {
    std::string send;
    std::string want;  // the exact bytes back
};

// gossip.md §6 "Example exchange on one connection".
const std::vector<Step> example = {
    {"Q:example.com:SPF:1:U1\n\n", "PREPEND X-GOSSiP: U1,0,0\n\n"},
    {"F:U1:1\n\n", "\n\n"},
    {"Q:example.com:SPF:1:U2\r\n", "PREPEND X-GOSSiP: U2,-76,0\n\n"},
    {"R:example.com:SPF\n", "\n\n"},
};

struct BadCase {
    std::string line;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const BadCase& c) { return os << c.line.substr(0, 40); }

const BadCase bad_cases[] = {
    {"X:what", "ERROR X-GOSSiP: -,0,0"},
    {"Q:example.com:SPF:1", "ERROR X-GOSSiP: -,0,0"},
    {"Q:example.com:SPF:abc:U9", "ERROR X-GOSSiP: U9,0,0"},
    {"Q:exa mple.com:SPF:1:U9", "ERROR X-GOSSiP: U9,0,0"},
    {"Q:example.com:SPF:1:U9:extra", "ERROR X-GOSSiP: U9,0,0"},
    {"F:U9", "ERROR X-GOSSiP: U9,0,0"},
    {"F:U9:maybe", "ERROR X-GOSSiP: U9,0,0"},
    {"R:example.com", "ERROR X-GOSSiP: -,0,0"},
    {"Q:" + std::string(1100, 'a') + ":SPF:1:U9", "ERROR X-GOSSiP: -,0,0"},
    {std::string(5000, 'x'), "ERROR X-GOSSiP: -,0,0"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(protocol)

BOOST_AUTO_TEST_CASE(example_exchange_byte_for_byte) {
    GossipNode node;
    BOOST_REQUIRE_MESSAGE(node.start(), "gossipd did not start:\n" << node.log());
    LineClient c(node.port);
    BOOST_REQUIRE(c.connected());
    for (const auto& step : example) {
        BOOST_REQUIRE(c.send(step.send));
        const auto got = c.read_exact(step.want.size());
        BOOST_TEST(got == step.want, "after " << step.send << ": got \"" << got << "\", want \"" << step.want << "\"");
    }
    const auto extra = c.read_for(std::chrono::milliseconds{200});
    BOOST_TEST(extra.empty(), "got extra bytes \"" << extra << "\", want none");
    BOOST_TEST(node.log().find("debug: query client=127.0.0.1 key=example.com:SPF umis=U1") != std::string::npos,
               "got log\n"
                   << node.log() << "want one debug line per query");
}

BOOST_DATA_TEST_CASE(bad_request_gets_one_error, bdata::make(bad_cases), c) {
    static GossipNode node;
    static const bool started = node.start();
    BOOST_REQUIRE_MESSAGE(started, "gossipd did not start:\n" << node.log());
    LineClient client(node.port);
    BOOST_REQUIRE(client.connected());
    BOOST_REQUIRE(client.send(c.line + "\n\n"));
    const auto got = client.read_reply();
    BOOST_TEST(got == c.want + "\n\n", "got \"" << got << "\", want \"" << c.want << "\\n\\n\"");
    const auto after = client.request("Q:ok.example:SPF:0:U10");
    BOOST_TEST(after == "PREPEND X-GOSSiP: U10,0,0", "next request: got " << after);
    const auto extra = client.read_for(std::chrono::milliseconds{50});
    BOOST_TEST(extra.empty(), "got extra bytes \"" << extra << "\", want none");
}

BOOST_AUTO_TEST_CASE(empty_lines_get_no_reply) {
    GossipNode node;
    BOOST_REQUIRE_MESSAGE(node.start(), node.log());
    LineClient c(node.port);
    BOOST_REQUIRE(c.send("\n  \n\r\n"));
    const auto got = c.read_for(std::chrono::milliseconds{200});
    BOOST_TEST(got.empty(), "got \"" << got << "\", want nothing");
}

// §8: feedback only from the asking client; reset only from admin_clients.
BOOST_AUTO_TEST_CASE(feedback_origin_and_admin_reset) {
    GossipNode node("admin_clients = 127.0.0.1\n");
    BOOST_REQUIRE_MESSAGE(node.start(), node.log());
    LineClient asker(node.port);
    LineClient other(node.port, "127.0.0.1", "127.0.0.3");
    BOOST_TEST(asker.request("Q:origin.example:SPF:0:O1") == "PREPEND X-GOSSiP: O1,0,0");
    BOOST_TEST(other.request("F:O1:1") == "");  // refused, still acknowledged
    BOOST_TEST(asker.request("Q:origin.example:SPF:0:O2") == "PREPEND X-GOSSiP: O2,0,0");
    BOOST_TEST(asker.request("F:O1:1") == "");  // the asker: accepted
    BOOST_TEST(asker.request("Q:origin.example:SPF:0:O3") == "PREPEND X-GOSSiP: O3,-76,0");
    BOOST_TEST(other.request("R:origin.example:SPF") == "");  // not admin: refused
    BOOST_TEST(asker.request("Q:origin.example:SPF:0:O4") == "PREPEND X-GOSSiP: O4,-76,0");
    BOOST_TEST(node.log().find("feedback refused") != std::string::npos);
    BOOST_TEST(node.log().find("reset refused") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(allow_list_closes_without_reading) {
    GossipNode node("allow = 127.0.0.1\n");
    BOOST_REQUIRE_MESSAGE(node.start(), node.log());
    LineClient outsider(node.port, "127.0.0.1", "127.0.0.3");
    outsider.send("Q:example.com:SPF:0:A1\n\n");
    BOOST_TEST(outsider.closed_by_peer(std::chrono::seconds{2}), "want the connection closed");
    LineClient insider(node.port);
    BOOST_TEST(insider.request("Q:example.com:SPF:0:A2") == "PREPEND X-GOSSiP: A2,0,0");
    BOOST_TEST(node.log().find("not in allow") != std::string::npos);
}

// IPv6 listener and the in-library client a milter uses (gossip.md §8 "Client library").
BOOST_AUTO_TEST_CASE(ipv6_listener_and_gossip_client) {
    GossipNode node("", "[::1]");
    BOOST_REQUIRE_MESSAGE(node.start(), node.log());
    mailsec::gossip::Client client("::1", static_cast<std::uint16_t>(node.port));
    auto a = client.query("V1", "v6.example", "SPF");
    BOOST_REQUIRE_MESSAGE(a, (a ? "" : a.error().message));
    BOOST_TEST(a->action == "PREPEND");
    BOOST_TEST(client.feedback("V1", true).ok());
    auto b = client.query("V2", "v6.example", "SPF");
    BOOST_REQUIRE(b);
    BOOST_TEST(b->rep == -76, "got rep " << b->rep << ", want -76 after the spam vote");
    BOOST_TEST(node.log().find("feedback client=::1 umis=V1") != std::string::npos, node.log());
}

// §8 online expiry runs on its timer.
BOOST_AUTO_TEST_CASE(expiry_runs_periodically) {
    GossipNode node("expire_interval = 1\n");
    BOOST_REQUIRE_MESSAGE(node.start(), node.log());
    BOOST_TEST(
        node.process->wait_for_output("info: expired records=0 pending=0", std::chrono::seconds{3}), "got log\n"
                                                                                                         << node.log());
}

BOOST_AUTO_TEST_SUITE_END()
