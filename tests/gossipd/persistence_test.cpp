// SQLite durability end to end (gossip.md §6, §8): a restarted node keeps its
// reputations and its pending feedback; a kill -9 in the middle of a burst of
// feedback leaves a database that opens, passes PRAGMA integrity_check and holds
// every vote that was acknowledged.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <thread>

#include "line_client.hpp"
#include "mailsec/gossip/sqlite_store.hpp"
#include "node_fixture.hpp"

using gossipd_test::GossipNode;
using gossipd_test::LineClient;
namespace gossip = mailsec::gossip;

namespace {
int bcnt_of(const std::string& database, const std::string& key) {
    auto store = gossip::SqliteStore::open(database);
    BOOST_REQUIRE_MESSAGE(store, "open " << database << ": " << (store ? "" : store.error().message));
    auto rec = (*store)->get(key);
    BOOST_REQUIRE(rec);
    return rec->has_value() ? (*rec)->bcnt : 0;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(persistence)

BOOST_AUTO_TEST_CASE(restart_keeps_reputations_and_pending_feedback) {
    GossipNode node;
    BOOST_REQUIRE_MESSAGE(node.start(), node.log());
    {
        LineClient c(node.port);
        BOOST_TEST(c.request("Q:kept.example:SPF:1:P1") == "PREPEND X-GOSSiP: P1,0,0");
        BOOST_TEST(c.request("F:P1:1") == "");
        BOOST_TEST(c.request("Q:kept.example:SPF:1:P2") == "PREPEND X-GOSSiP: P2,-76,0");  // pending across restart
    }
    node.stop();
    BOOST_REQUIRE_MESSAGE(node.start(), "restart:\n" << node.log());
    LineClient c(node.port);
    BOOST_TEST(c.request("Q:kept.example:SPF:1:P3") == "PREPEND X-GOSSiP: P3,-76,0");
    BOOST_TEST(c.request("F:P2:1") == "");
    node.stop();
    const int got = bcnt_of(node.database, "kept.example:SPF");
    BOOST_TEST(got == 2, "got bcnt " << got << ", want 2 (the feedback pending over the restart counted)");
}

BOOST_AUTO_TEST_CASE(kill_9_during_feedback_burst_leaves_a_sound_database) {
    GossipNode node;
    BOOST_REQUIRE_MESSAGE(node.start(), node.log());
    std::atomic<int> acked{0};
    std::thread burst([&] {
        LineClient c(node.port);
        for (int i = 0; i < 100000; ++i) {
            const auto u = "B" + std::to_string(i);
            if (!c.request("Q:burst.example:SPF:0:" + u).starts_with("PREPEND")) return;
            if (c.request("F:" + u + ":" + (i % 3 == 0 ? "0" : "1")) != "") return;
            ++acked;
        }
    });
    while (acked < 200) std::this_thread::sleep_for(std::chrono::milliseconds{5});
    node.kill9();
    burst.join();
    const int answered = acked.load();
    auto store = gossip::SqliteStore::open(node.database);
    BOOST_REQUIRE_MESSAGE(store, "open after kill -9: " << (store ? "" : store.error().message));
    auto ok = (*store)->integrity_ok();
    BOOST_TEST((ok && *ok), "PRAGMA integrity_check failed");
    const int got = bcnt_of(node.database, "burst.example:SPF");
    const int want = std::min(answered, 1024);
    BOOST_TEST(got >= want, "got bcnt " << got << ", want >= " << want << " acknowledged votes");
}

BOOST_AUTO_TEST_SUITE_END()
