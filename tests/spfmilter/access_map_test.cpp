// Tests for spfmilter/src/access_map.cpp and berkeley_db.cpp: Berkeley DB hash files
// built by Postfix's postmap (keys with NUL) and db_load -t hash (no NUL, as
// sendmail's makemap writes them), text files, and hot reload (milter.md §3.6).
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <string>

#include "access_map.hpp"
#include "berkeley_db.hpp"
#include "mailsec/core/clock.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace sm = mailsec::spfmilter;
namespace ts = mailsec::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// postmap needs a main.cf; the system may have none (postfix installed unconfigured).
std::string postmap(const ts::TempDir& dir, const fs::path& source) {
    if (!fs::exists(dir.path() / "main.cf")) ts::write_file(dir.path() / "main.cf", "compatibility_level = 3.6\n");
    auto r = ts::run({"postmap", "-c", dir.path().string(), "hash:" + source.string()});
    return r.exit_code == 0 ? "" : "postmap failed: " + r.err;
}

const char* kMap = "SPF-Fail:                 REJECT\nSPF-Fail:ok.example       OK\nSMTP-Auth:Good@Example.com OK\n";

mailsec::daemon::Logger quiet() { return mailsec::daemon::Logger::to_stderr(mailsec::daemon::Severity::fatal); }

std::string value_for(sm::AccessMap& map, const std::string& tag, const std::string& addr) {
    auto m = sm::lookup_policy(*map.table(), tag, addr, ':');
    return m ? m->value : "<none>";
}

void check_map(sm::AccessMap& map) {
    BOOST_TEST(value_for(map, "spf-fail", "bob@other.example") == "REJECT");
    BOOST_TEST(value_for(map, "spf-fail", "bob@ok.example") == "OK");
    BOOST_TEST(value_for(map, "smtp-auth", "good@example.com") == "OK");
}

// "key\nvalue\n" pairs for db_load -T (printable text mode).
std::string db_load_input() { return "SPF-Fail:\nREJECT\nSPF-Fail:ok.example\nOK\nSMTP-Auth:Good@Example.com\nOK\n"; }

}  // namespace

BOOST_AUTO_TEST_SUITE(access_map)

BOOST_AUTO_TEST_CASE(postmap_hash_with_nul_keys) {
    if (!ts::find_program("postmap")) {
        BOOST_TEST_MESSAGE("skipped: postmap (postfix) is not installed");
        return;
    }
    ts::TempDir dir("spfmilter-postmap");
    ts::write_file(dir.path() / "access", kMap);
    auto err = postmap(dir, dir.path() / "access");
    BOOST_REQUIRE_MESSAGE(err.empty(), err);
    auto pairs = sm::read_berkeley_db(dir.path() / "access.db");
    BOOST_REQUIRE_MESSAGE(pairs.ok(), (pairs.ok() ? std::string() : pairs.error().message));
    BOOST_REQUIRE(!pairs->empty());
    BOOST_TEST(pairs->front().first.back() == '\0');  // postmap appends NUL
    mailsec::core::ManualClock clock;
    sm::AccessMap map(dir.path() / "access.db", clock, quiet());
    BOOST_REQUIRE(map.load());
    check_map(map);
}

BOOST_AUTO_TEST_CASE(db_load_hash_without_nul_keys) {
    if (!ts::find_program("db_load")) {
        BOOST_TEST_MESSAGE("skipped: db_load (db-util) is not installed");
        return;
    }
    ts::TempDir dir("spfmilter-dbload");
    auto db = dir.path() / "access.db";
    auto r = ts::run({"db_load", "-T", "-t", "hash", db.string()}, db_load_input());
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "db_load failed: " << r.err);
    auto pairs = sm::read_berkeley_db(db);
    BOOST_REQUIRE_MESSAGE(pairs.ok(), (pairs.ok() ? std::string() : pairs.error().message));
    BOOST_TEST(pairs->front().first.back() != '\0');
    mailsec::core::ManualClock clock;
    sm::AccessMap map(db, clock, quiet());
    BOOST_REQUIRE(map.load());
    check_map(map);  // "SMTP-Auth:Good@Example.com" kept its case in the file (makemap -f)
}

BOOST_AUTO_TEST_CASE(btree_is_read_too) {
    if (!ts::find_program("db_load")) return;
    ts::TempDir dir("spfmilter-btree");
    auto db = dir.path() / "access.db";
    BOOST_REQUIRE(ts::run({"db_load", "-T", "-t", "btree", db.string()}, db_load_input()).exit_code == 0);
    mailsec::core::ManualClock clock;
    sm::AccessMap map(db, clock, quiet());
    BOOST_REQUIRE(map.load());
    check_map(map);
}

BOOST_AUTO_TEST_CASE(text_file_is_read_as_text) {
    ts::TempDir dir("spfmilter-text");
    ts::write_file(dir.path() / "access", kMap);
    auto pairs = sm::read_berkeley_db(dir.path() / "access");
    BOOST_REQUIRE(!pairs);
    BOOST_TEST(pairs.error().code == "not-db");
    mailsec::core::ManualClock clock;
    sm::AccessMap map(dir.path() / "access", clock, quiet());
    BOOST_REQUIRE(map.load());
    check_map(map);
}

BOOST_AUTO_TEST_CASE(missing_file_is_an_error) {
    mailsec::core::ManualClock clock;
    sm::AccessMap map("/nonexistent/spfmilter/access.db", clock, quiet());
    auto st = map.load();
    BOOST_TEST(!st);
}

BOOST_AUTO_TEST_CASE(change_on_disk_is_picked_up_at_most_once_a_second) {
    ts::TempDir dir("spfmilter-reload");
    auto path = dir.path() / "access";
    ts::write_file(path, "SPF-Fail: REJECT\n");
    mailsec::core::ManualClock clock(mailsec::core::Clock::time_point{std::chrono::seconds{1000}});
    sm::AccessMap map(path, clock, quiet());
    BOOST_REQUIRE(map.load());
    BOOST_TEST(value_for(map, "spf-fail", "a@b.example") == "REJECT");
    ts::write_file(path, "SPF-Fail: OK-NOW\n");
    clock.advance(500ms);
    BOOST_TEST(value_for(map, "spf-fail", "a@b.example") == "REJECT");  // not yet: checked at most once a second
    clock.advance(1s);
    BOOST_TEST(value_for(map, "spf-fail", "a@b.example") == "OK-NOW");
    BOOST_TEST(map.generation() == 2);
    clock.advance(2s);
    (void)map.table();
    BOOST_TEST(map.generation() == 2);  // unchanged file: not reloaded
    fs::remove(path);                   // a vanished file keeps the loaded table
    clock.advance(2s);
    BOOST_TEST(value_for(map, "spf-fail", "a@b.example") == "OK-NOW");
    ts::write_file(path, "SPF-Fail: BACK\n");
    clock.advance(2s);
    BOOST_TEST(value_for(map, "spf-fail", "a@b.example") == "BACK");
}

BOOST_AUTO_TEST_CASE(postmap_rebuild_is_picked_up) {
    if (!ts::find_program("postmap")) return;
    ts::TempDir dir("spfmilter-postmap-reload");
    auto src = dir.path() / "access";
    ts::write_file(src, "SPF-Fail: REJECT\n");
    BOOST_REQUIRE_EQUAL(postmap(dir, src), "");
    mailsec::core::ManualClock clock;
    sm::AccessMap map(dir.path() / "access.db", clock, quiet());
    BOOST_REQUIRE(map.load());
    ts::write_file(src, "SPF-Fail: REJECT\nSPF-Fail:ok.example OK\n");
    BOOST_REQUIRE_EQUAL(postmap(dir, src), "");
    clock.advance(2s);
    BOOST_TEST(value_for(map, "spf-fail", "x@ok.example") == "OK");
}

BOOST_AUTO_TEST_SUITE_END()
