// SQLite durability end to end (gossip.md §6, §8): a restarted node keeps its
// reputations and its pending feedback; a kill -9 in the middle of a burst of
// feedback leaves a database that opens, passes PRAGMA integrity_check and holds
// every vote that was acknowledged, also when concurrent and pipelined requests
// share one group commit (replies only after the batch's COMMIT).
#include <atomic>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <thread>
#include <vector>

#include "line_client.hpp"
#include "mailsec/gossip/sqlite_store.hpp"
#include "node_fixture.hpp"

using gossipd_test::GossipNode;
using gossipd_test::LineClient;
namespace gossip = mailsec::gossip;
namespace bdata = boost::unit_test::data;

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

// Several connections, each sending `pipeline` Q+F pairs per write, so requests of
// several sessions (and a Q and its F) land in one batch. Every acknowledged vote
// is in the database after a clean stop (exactly) or a kill -9 (at least).
struct GroupCommitCase {
    int connections;
    int pipeline;  // Q+F pairs per write
    bool kill9;
};
std::ostream& operator<<(std::ostream& os, const GroupCommitCase& c) {
    return os << c.connections << " connections, " << c.pipeline << " pairs per write"
              << (c.kill9 ? ", kill -9" : ", stop");
}

BOOST_DATA_TEST_CASE(acknowledged_votes_survive_group_commit,
                     bdata::make(std::vector<GroupCommitCase>{
                         {1, 1, false}, {4, 1, false}, {4, 3, false}, {8, 1, true}, {4, 5, true}}),
                     c) {
    GossipNode node;
    BOOST_REQUIRE_MESSAGE(node.start(), node.log());
    const int rounds = c.kill9 ? 1000000 : 200 / c.pipeline;
    std::vector<std::atomic<int>> acked(static_cast<std::size_t>(c.connections));
    std::atomic<int> total{0};
    std::atomic<int> finished{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < c.connections; ++t) {
        clients.emplace_back([&, t] {
            struct Finish {
                std::atomic<int>& n;
                ~Finish() { ++n; }
            } finish{finished};
            LineClient client(node.port);
            const std::string key = "group" + std::to_string(t) + ".example";
            for (int i = 0; i < rounds; ++i) {
                std::string batch;
                for (int j = 0; j < c.pipeline; ++j) {
                    const auto u = "G" + std::to_string(t) + "x" + std::to_string(i * c.pipeline + j);
                    batch += "Q:" + key + ":SPF:0:" + u + "\n\nF:" + u + ":" + (j % 2 == 0 ? "1" : "0") + "\n\n";
                }
                if (!client.send(batch)) return;
                for (int j = 0; j < c.pipeline; ++j) {
                    if (client.read_reply().find(" X-GOSSiP: G") == std::string::npos) return;  // a verdict
                    if (client.read_reply() != "\n\n") return;
                    ++acked[static_cast<std::size_t>(t)];
                    ++total;
                }
            }
        });
    }
    if (c.kill9) {
        while (total < 300 && finished < c.connections) std::this_thread::sleep_for(std::chrono::milliseconds{5});
        BOOST_TEST(total >= 300, "clients stopped after " << total << " acknowledged pairs");
        node.kill9();
    }
    for (auto& client : clients) client.join();
    if (!c.kill9) node.stop();
    auto store = gossip::SqliteStore::open(node.database);
    BOOST_REQUIRE_MESSAGE(store, "open: " << (store ? "" : store.error().message));
    auto ok = (*store)->integrity_ok();
    BOOST_TEST((ok && *ok), "PRAGMA integrity_check failed");
    for (int t = 0; t < c.connections; ++t) {
        const int answered = std::min(acked[static_cast<std::size_t>(t)].load(), 1024);
        const int got = bcnt_of(node.database, "group" + std::to_string(t) + ".example:SPF");
        if (c.kill9)
            BOOST_TEST(got >= answered, "connection " << t << ": got bcnt " << got << ", want >= " << answered);
        else
            BOOST_TEST(got == answered, "connection " << t << ": got bcnt " << got << ", want " << answered);
    }
}

BOOST_AUTO_TEST_SUITE_END()
