// Tests for libsrs/src/sqlite_store.cpp: a real temporary file, refresh, expiry,
// the row bound and reopening (srs.md §4).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <string>

#include "mailsec/srs/sqlite_store.hpp"
#include "support/paths.hpp"

namespace srs = mailsec::srs;
namespace bdata = boost::unit_test::data;

namespace {

std::unique_ptr<srs::SqliteStore> open(const std::filesystem::path& file, std::size_t max_rows = 1'000'000) {
    auto s = srs::SqliteStore::open(file, srs::SqliteStoreOptions{max_rows});
    BOOST_REQUIRE_MESSAGE(s.ok(), "open " << file);
    return std::move(*s);
}

std::string get(srs::SqliteStore& s, const std::string& key) {
    auto r = s.get(key);
    if (!r) return "error:" + r.error().code;
    if (!*r) return "none";
    return (*r)->local + "@" + (*r)->host + "/" + std::to_string((*r)->time);
}

struct BoundCase {
    std::size_t max_rows;
    int inserts;
    std::size_t want_rows;
    std::string oldest_kept;  // key of the oldest row still present
};
std::ostream& operator<<(std::ostream& os, const BoundCase& c) { return os << c.max_rows << "/" << c.inserts; }
const BoundCase bound_cases[] = {
    {3, 2, 2, "k0"},
    {3, 3, 3, "k0"},
    {3, 10, 3, "k7"},
    {1, 5, 1, "k4"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(sqlite_store)

BOOST_AUTO_TEST_CASE(put_get_refresh) {
    mailsec::testing::TempDir dir("srs-store");
    auto s = open(dir.path() / "s.db");
    BOOST_TEST(get(*s, "k") == "none");
    BOOST_REQUIRE(s->put("k", {"orig.com", "mouse", 100}).ok());
    BOOST_TEST(get(*s, "k") == "mouse@orig.com/100", "got " << get(*s, "k"));
    BOOST_REQUIRE(s->put("k", {"orig.com", "mouse", 200}).ok());
    BOOST_TEST(get(*s, "k") == "mouse@orig.com/200", "refresh: got " << get(*s, "k"));
    BOOST_TEST(s->size().value() == 1u);
}

BOOST_AUTO_TEST_CASE(bytes_kept_exactly) {
    mailsec::testing::TempDir dir("srs-store");
    auto s = open(dir.path() / "s.db");
    std::string local("a\xff=b\"c", 6);
    BOOST_REQUIRE(s->put("k", {"Orig.COM", local, 1}).ok());
    BOOST_TEST(get(*s, "k") == local + "@Orig.COM/1");
}

BOOST_AUTO_TEST_CASE(expire_before_cutoff) {
    mailsec::testing::TempDir dir("srs-store");
    auto s = open(dir.path() / "s.db");
    for (int i = 0; i < 5; ++i) BOOST_REQUIRE(s->put("k" + std::to_string(i), {"h", "l", i * 10}).ok());
    auto gone = s->expire(25);  // removes times 0, 10, 20
    BOOST_REQUIRE(gone.ok());
    BOOST_TEST(*gone == 3u, "got " << *gone << ", want 3");
    BOOST_TEST(get(*s, "k2") == "none");
    BOOST_TEST(get(*s, "k3") == "l@h/30");
    BOOST_TEST(s->size().value() == 2u);
}

BOOST_DATA_TEST_CASE(row_bound_evicts_oldest, bdata::make(bound_cases), c) {
    mailsec::testing::TempDir dir("srs-store");
    auto s = open(dir.path() / "s.db", c.max_rows);
    for (int i = 0; i < c.inserts; ++i) BOOST_REQUIRE(s->put("k" + std::to_string(i), {"h", "l", 1000 + i}).ok());
    auto rows = s->size().value();
    BOOST_TEST(rows == c.want_rows, "got " << rows << " rows, want " << c.want_rows);
    BOOST_TEST(get(*s, c.oldest_kept) != "none", "want " << c.oldest_kept << " kept");
    auto first_gone = std::stoi(c.oldest_kept.substr(1)) - 1;
    if (first_gone >= 0) BOOST_TEST(get(*s, "k" + std::to_string(first_gone)) == "none");
}

BOOST_AUTO_TEST_CASE(reopening_keeps_rows) {
    mailsec::testing::TempDir dir("srs-store");
    auto file = dir.path() / "s.db";
    {
        auto s = open(file);
        BOOST_REQUIRE(s->put("a", {"orig.com", "mouse", 7}).ok());
        BOOST_REQUIRE(s->put("b", {"orig.com", "rat", 8}).ok());
    }
    BOOST_TEST(std::filesystem::exists(file));
    auto s = open(file);
    BOOST_TEST(get(*s, "a") == "mouse@orig.com/7", "got " << get(*s, "a"));
    BOOST_TEST(s->size().value() == 2u);
    auto smaller = open(file, 1);  // a smaller bound applies at once
    BOOST_TEST(smaller->size().value() == 1u);
    BOOST_TEST(get(*smaller, "b") == "rat@orig.com/8");
}

BOOST_AUTO_TEST_CASE(open_errors) {
    auto bad = srs::SqliteStore::open("/nonexistent-dir/sub/s.db");
    BOOST_TEST(!bad.ok());
    if (!bad) BOOST_TEST(bad.error().code == "store-failed", "got " << bad.error().code);
    auto zero = srs::SqliteStore::open(":memory:", srs::SqliteStoreOptions{0});
    BOOST_TEST(!zero.ok());
}

BOOST_AUTO_TEST_SUITE_END()
