// libgossip/src/sqlite_store.cpp on real SQLite files (gossip.md §8 "Storage"):
// persistence across reopen, the pending table surviving restart, first mapping
// wins, qsize eviction, expiry, integrity_check, batches (group commit).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "mailsec/gossip/sqlite_store.hpp"
#include "support/paths.hpp"
#include "vectors.hpp"

namespace bdata = boost::unit_test::data;
namespace gossip = mailsec::gossip;
using mailsec::testing::TempDir;
using namespace gossip_test;

namespace {
std::unique_ptr<gossip::SqliteStore> open(const std::filesystem::path& p) {
    auto s = gossip::SqliteStore::open(p);
    BOOST_REQUIRE_MESSAGE(s, "open: " << (s ? "" : s.error().message));
    return std::move(*s);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(sqlite_store)

struct RoundTrip {
    int maxobs;
    std::string spec;
};
std::ostream& operator<<(std::ostream& os, const RoundTrip& c) { return os << c.maxobs << " " << c.spec; }

BOOST_DATA_TEST_CASE(
    records_survive_reopen,
    bdata::make(std::vector<RoundTrip>{
        {1024, "-"}, {1024, "-*100,+*1100,-*100,0*50"}, {3, "+,0,-,0,0,+,-,+"}, {8, "+,-,0,+,+,-,0,0,-,+"}}),
    c) {
    TempDir dir("gossip-store");
    const auto path = dir.path() / "gossip.db";
    gossip::Record want = gossip::Record::create(c.maxobs, t0);
    {
        auto store = open(path);
        const auto vs = votes(c.spec);
        for (std::size_t i = 0; i < vs.size(); ++i) {
            want.vote(vs[i], t0 + 0.5 * static_cast<double>(i));
            BOOST_REQUIRE(store->vote("k.com:SPF", vs[i], t0 + 0.5 * static_cast<double>(i), c.maxobs));
        }
    }
    auto store = open(path);
    auto got = store->get("k.com:SPF");
    BOOST_REQUIRE(got && got->has_value());
    const auto& r = **got;
    BOOST_CHECK_EQUAL(r.maxobs, want.maxobs);
    BOOST_CHECK_EQUAL(r.bptr, want.bptr);
    BOOST_CHECK_EQUAL(r.bcnt, want.bcnt);
    BOOST_CHECK_EQUAL(r.hcnt, want.hcnt);
    BOOST_CHECK_EQUAL(r.ncnt, want.ncnt);
    BOOST_CHECK_MESSAGE(r.firstseen == want.firstseen && r.lastseen == want.lastseen,
                        "times: got " << show(r.firstseen) << "/" << show(r.lastseen) << ", want "
                                      << show(want.firstseen) << "/" << show(want.lastseen));
    BOOST_CHECK(r.ham == want.ham);
    BOOST_CHECK(r.null == want.null);
    auto ok = store->integrity_ok();
    BOOST_CHECK(ok && *ok);
}

BOOST_AUTO_TEST_CASE(pending_survives_restart_and_first_mapping_wins) {
    TempDir dir("gossip-store");
    const auto path = dir.path() / "gossip.db";
    {
        auto store = open(path);
        auto added = store->add_pending({"U1", "a.com:SPF", "127.0.0.1", t0}, 10);
        BOOST_REQUIRE(added && *added);
        added = store->add_pending({"U1", "b.com:SPF", "::1", t0 + 1}, 10);
        BOOST_REQUIRE(added);
        BOOST_CHECK(!*added);
    }
    auto store = open(path);
    auto e = store->find_pending("U1");
    BOOST_REQUIRE(e && e->has_value());
    BOOST_CHECK_EQUAL((*e)->key, "a.com:SPF");
    BOOST_CHECK_EQUAL((*e)->origin, "127.0.0.1");
    BOOST_CHECK_EQUAL((*e)->time, t0);
    auto removed = store->remove_pending("U1");
    BOOST_CHECK(removed && *removed);
    removed = store->remove_pending("U1");
    BOOST_CHECK(removed && !*removed);
}

BOOST_AUTO_TEST_CASE(qsize_evicts_oldest_first) {
    auto store = open(":memory:");
    for (int i = 0; i < 5; ++i)
        BOOST_REQUIRE(store->add_pending({"U" + std::to_string(i), "a.com:SPF", "c", t0 + i}, 3));
    for (int i = 0; i < 5; ++i) {
        auto e = store->find_pending("U" + std::to_string(i));
        BOOST_REQUIRE(e);
        BOOST_CHECK_MESSAGE(e->has_value() == (i >= 2),
                            "U" << i << ": got present=" << e->has_value() << ", want " << (i >= 2));
    }
}

BOOST_AUTO_TEST_CASE(expire_and_erase) {
    auto store = open(":memory:");
    BOOST_REQUIRE(store->vote("old.com:SPF", -1, t0, 1024));
    BOOST_REQUIRE(store->vote("new.com:SPF", 1, t0 + 100, 1024));
    BOOST_REQUIRE(store->add_pending({"U1", "old.com:SPF", "c", t0}, 10));
    BOOST_REQUIRE(store->add_pending({"U2", "new.com:SPF", "c", t0 + 100}, 10));
    auto n = store->expire(t0 + 50, t0 + 50);
    BOOST_REQUIRE(n);
    BOOST_CHECK_EQUAL(n->records, 1U);
    BOOST_CHECK_EQUAL(n->pending, 1U);
    auto erased = store->erase("new.com:SPF");
    BOOST_CHECK(erased && *erased);
    erased = store->erase("new.com:SPF");
    BOOST_CHECK(erased && !*erased);
}

BOOST_AUTO_TEST_CASE(uses_wal) {
    TempDir dir("gossip-store");
    const auto path = dir.path() / "gossip.db";
    auto store = open(path);
    BOOST_REQUIRE(store->vote("a.com:SPF", -1, t0, 1024));
    BOOST_CHECK(std::filesystem::exists(path.string() + "-wal"));
}

// §8: kill -9 during a burst of votes leaves a database that opens, passes
// integrity_check and holds consistent records.
BOOST_AUTO_TEST_CASE(kill_9_during_votes_leaves_a_sound_database) {
    TempDir dir("gossip-store");
    const auto path = dir.path() / "gossip.db";
    open(path).reset();  // create the schema before the child starts
    const pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
        auto s = gossip::SqliteStore::open(path);
        for (int i = 0; s; ++i) {
            (void)(*s)->vote("k" + std::to_string(i % 50) + ".com:SPF", i % 3 - 1, t0 + i, 1024);
            (void)(*s)->add_pending({"U" + std::to_string(i), "k.com:SPF", "c", t0 + i}, 100);
        }
        ::_exit(0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    auto store = open(path);
    auto ok = store->integrity_ok();
    BOOST_REQUIRE(ok);
    BOOST_CHECK_MESSAGE(*ok, "integrity_check: got not ok, want ok");
    auto first = store->get("k0.com:SPF");
    BOOST_CHECK_MESSAGE(first && first->has_value(), "k0: got no record, want the child's votes");
    for (int i = 0; i < 50; ++i) {
        auto r = store->get("k" + std::to_string(i) + ".com:SPF");
        BOOST_CHECK_MESSAGE(r, "k" << i << ": got " << (r ? "" : r.error().message) << ", want a readable record");
    }
}

// Group commit: the changes of a batch are invisible to other connections until
// end_batch(), durable after it, and gone when the batch never ends.
struct BatchCase {
    std::string name;
    bool end;  // end_batch() before the store is closed
};
std::ostream& operator<<(std::ostream& os, const BatchCase& c) { return os << c.name; }

BOOST_DATA_TEST_CASE(batch_is_durable_only_after_end_batch,
                     bdata::make(std::vector<BatchCase>{{"ended batch", true}, {"unfinished batch", false}}), c) {
    TempDir dir("gossip-store");
    const auto path = dir.path() / "gossip.db";
    {
        auto store = open(path);
        auto other = open(path);
        BOOST_REQUIRE(store->begin_batch());
        BOOST_REQUIRE(store->vote("a.com:SPF", -1, t0, 1024));
        BOOST_REQUIRE(store->vote("a.com:SPF", 1, t0 + 1, 1024));
        auto added = store->add_pending({"U1", "a.com:SPF", "c", t0}, 10);
        BOOST_REQUIRE(added && *added);
        added = store->add_pending({"U2", "b.com:SPF", "c", t0}, 10);
        BOOST_REQUIRE(added && *added);
        auto removed = store->remove_pending("U2");
        BOOST_REQUIRE(removed && *removed);
        auto inside = store->get("a.com:SPF");  // the batch sees its own changes
        BOOST_REQUIRE(inside && inside->has_value());
        BOOST_CHECK_EQUAL((*inside)->bcnt, 2);
        auto outside = other->get("a.com:SPF");
        BOOST_REQUIRE(outside);
        BOOST_CHECK_MESSAGE(!outside->has_value(), "another connection saw an uncommitted batch");
        if (c.end) BOOST_REQUIRE(store->end_batch());
    }
    auto store = open(path);
    auto rec = store->get("a.com:SPF");
    auto pending = store->find_pending("U1");
    auto removed = store->find_pending("U2");
    BOOST_REQUIRE(rec && pending && removed);
    BOOST_CHECK_EQUAL(rec->has_value(), c.end);
    if (c.end) BOOST_CHECK_EQUAL((*rec)->bcnt, 2);
    BOOST_CHECK_EQUAL(pending->has_value(), c.end);
    BOOST_CHECK(!removed->has_value());
    auto ok = store->integrity_ok();
    BOOST_CHECK(ok && *ok);
}

// Misuse is an error and leaves the store usable (calls durable by themselves again).
struct BatchMisuse {
    std::string name;
    int begins;  // begin_batch() calls before end_batch()
    bool end_ok;
};
std::ostream& operator<<(std::ostream& os, const BatchMisuse& c) { return os << c.name; }

BOOST_DATA_TEST_CASE(batch_misuse_is_an_error,
                     bdata::make(std::vector<BatchMisuse>{
                         {"end without begin", 0, false}, {"begin once", 1, true}, {"begin twice", 2, true}}),
                     c) {
    TempDir dir("gossip-store");
    const auto path = dir.path() / "gossip.db";
    auto store = open(path);
    for (int i = 0; i < c.begins; ++i) {
        auto st = store->begin_batch();
        BOOST_CHECK_MESSAGE(static_cast<bool>(st) == (i == 0), "begin_batch #" << i + 1);
    }
    BOOST_CHECK_EQUAL(static_cast<bool>(store->end_batch()), c.end_ok);
    BOOST_CHECK(!store->end_batch());
    BOOST_REQUIRE(store->vote("a.com:SPF", -1, t0, 1024));
    auto other = open(path);
    auto rec = other->get("a.com:SPF");
    BOOST_CHECK(rec && rec->has_value());
}

// Another thread's call waits for the batch and is durable by itself after it.
BOOST_AUTO_TEST_CASE(other_threads_wait_for_the_batch) {
    TempDir dir("gossip-store");
    const auto path = dir.path() / "gossip.db";
    auto store = open(path);
    BOOST_REQUIRE(store->begin_batch());
    BOOST_REQUIRE(store->vote("a.com:SPF", -1, t0, 1024));
    std::atomic<bool> voted{false};
    std::atomic<bool> vote_ok{false};
    std::thread other([&] {
        vote_ok = static_cast<bool>(store->vote("b.com:SPF", 1, t0, 1024));
        voted = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
    BOOST_CHECK_MESSAGE(!voted, "another thread's vote ran inside the batch");
    BOOST_REQUIRE(store->end_batch());
    other.join();
    BOOST_CHECK(vote_ok);
    auto check = open(path);
    for (const char* key : {"a.com:SPF", "b.com:SPF"}) {
        auto rec = check->get(key);
        BOOST_CHECK_MESSAGE(rec && rec->has_value(), key << ": got no record");
    }
}

// §8: kill -9 right after end_batch() returned loses nothing of the batch.
BOOST_AUTO_TEST_CASE(kill_9_after_end_batch_keeps_the_batch) {
    TempDir dir("gossip-store");
    const auto path = dir.path() / "gossip.db";
    open(path).reset();
    int ready[2];
    BOOST_REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
        ::close(ready[0]);
        auto s = gossip::SqliteStore::open(path);
        if (!s || !(*s)->begin_batch()) ::_exit(1);
        for (int i = 0; i < 20; ++i) (void)(*s)->vote("k.com:SPF", -1, t0 + i, 1024);
        (void)(*s)->add_pending({"U1", "k.com:SPF", "c", t0}, 100);
        if (!(*s)->end_batch()) ::_exit(1);
        (void)!::write(ready[1], "x", 1);
        for (;;) ::pause();
    }
    ::close(ready[1]);
    char byte = 0;
    const bool committed = ::read(ready[0], &byte, 1) == 1;
    ::close(ready[0]);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    BOOST_REQUIRE_MESSAGE(committed, "child failed before end_batch returned");
    auto store = open(path);
    auto rec = store->get("k.com:SPF");
    BOOST_REQUIRE(rec && rec->has_value());
    BOOST_CHECK_EQUAL((*rec)->bcnt, 20);
    auto pending = store->find_pending("U1");
    BOOST_CHECK(pending && pending->has_value());
}

BOOST_AUTO_TEST_CASE(unwritable_path_is_an_error) {
    auto s = gossip::SqliteStore::open("/nonexistent-dir/x/gossip.db");
    BOOST_CHECK(!s);
}

BOOST_AUTO_TEST_SUITE_END()
