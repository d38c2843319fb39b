// Tests for libsrs/src/database.cpp: the DB scheme over a real SQLite file (srs.md §4, db-*).
#include <boost/test/unit_test.hpp>
#include <string>

#include "helpers.hpp"
#include "mailsec/srs/database.hpp"
#include "mailsec/srs/sqlite_store.hpp"
#include "support/paths.hpp"

namespace srs = mailsec::srs;
namespace core = mailsec::core;
using srs_test::day;
using srs_test::t0;

namespace {

const std::string db01 = "SRS0=OOHcPPI9lm2bQ11OnkgZFs8E@second.com";

struct Fixture {
    mailsec::testing::TempDir dir{"srs-db-test"};
    core::ManualClock clock{srs_test::at(t0)};
    std::shared_ptr<srs::SqliteStore> store;
    std::unique_ptr<srs::Database> db;

    Fixture() {
        auto s = srs::SqliteStore::open(dir.path() / "srs.db");
        BOOST_REQUIRE_MESSAGE(s.ok(), "open store");
        store = std::move(*s);
        auto d = srs::Database::create(srs_test::options(), clock, store);
        BOOST_REQUIRE_MESSAGE(d.ok(), "create db scheme");
        db = std::move(*d);
    }

    std::string reverse(const std::string& a) {
        return srs_test::outcome(db->reverse(a), [](const srs::Reversed& r) { return r.address; });
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(database)

BOOST_FIXTURE_TEST_CASE(forward_then_reverse, Fixture) {
    auto fwd = db->forward("mouse@orig.com", "second.com");
    BOOST_REQUIRE(fwd.ok());
    BOOST_TEST(*fwd == db01, "got " << *fwd << ", want " << db01);
    auto again = db->forward("mouse@orig.com", "second.com");
    BOOST_TEST(*again == db01, "deterministic: got " << *again << ", want " << db01);
    BOOST_TEST(reverse(db01) == "ok:mouse@orig.com", "got " << reverse(db01));
}

BOOST_FIXTURE_TEST_CASE(miss_and_bad_addresses, Fixture) {
    BOOST_TEST(reverse("SRS0=AAAAAAAAAAAAAAAAAAAAAAAA@second.com") == "error:not-found");
    BOOST_TEST(reverse("mouse@second.com") == "error:not-srs");
    BOOST_TEST(reverse("SRS0=OOHc") == "error:no-at");
}

BOOST_FIXTURE_TEST_CASE(expiry_and_refresh, Fixture) {
    BOOST_REQUIRE(db->forward("mouse@orig.com", "second.com").ok());
    clock.set(srs_test::at(t0 + 21 * day));
    BOOST_TEST(reverse(db01) == "ok:mouse@orig.com", "last valid second: got " << reverse(db01));
    clock.set(srs_test::at(t0 + 21 * day + 1));
    BOOST_TEST(reverse(db01) == "error:bad-timestamp", "expired: got " << reverse(db01));
    BOOST_REQUIRE(db->forward("mouse@orig.com", "second.com").ok());  // refreshes the time
    BOOST_TEST(reverse(db01) == "ok:mouse@orig.com", "refreshed: got " << reverse(db01));
}

BOOST_FIXTURE_TEST_CASE(sweep_deletes_expired_rows, Fixture) {
    BOOST_REQUIRE(db->forward("mouse@orig.com", "second.com").ok());
    clock.set(srs_test::at(t0 + 10 * day));
    BOOST_REQUIRE(db->forward("rat@orig.com", "second.com").ok());
    clock.set(srs_test::at(t0 + 25 * day));
    auto gone = db->sweep();
    BOOST_REQUIRE(gone.ok());
    BOOST_TEST(*gone == 1u, "got " << *gone << " rows swept, want 1");
    BOOST_TEST(reverse(db01) == "error:not-found", "got " << reverse(db01));
    BOOST_TEST(store->size().value() == 1u);
}

BOOST_FIXTURE_TEST_CASE(forward_sweeps_on_its_schedule, Fixture) {
    BOOST_REQUIRE(db->forward("mouse@orig.com", "second.com").ok());  // first forward sweeps (nothing)
    clock.set(srs_test::at(t0 + 30 * day));
    BOOST_REQUIRE(db->forward("rat@orig.com", "second.com").ok());    // due again: sweeps mouse
    BOOST_TEST(store->size().value() == 1u, "got " << store->size().value() << " rows, want 1");
}

BOOST_AUTO_TEST_SUITE_END()
