// Tests for libdaemon/src/ini.cpp: ConfigParser-compatible reading (milter.md §3.1).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "mailsec/daemon/ini.hpp"
#include "support/paths.hpp"

namespace md = mailsec::daemon;
namespace bdata = boost::unit_test::data;

namespace {

struct ValueCase {
    std::string name;
    std::string text;
    std::string section;
    std::string key;
    std::string want;  // the value, "<absent>", or "error:<message>"
};
std::ostream& operator<<(std::ostream& os, const ValueCase& c) { return os << c.name; }

const ValueCase value_cases[] = {
    {"equals", "[s]\nkey = value\n", "s", "key", "value"},
    {"colon", "[s]\nkey: value\n", "s", "key", "value"},
    {"first delimiter splits", "[s]\nurl = a:b=c\n", "s", "url", "a:b=c"},
    {"colon before equals", "[s]\nk: a = b\n", "s", "k", "a = b"},
    {"key case folded", "[s]\nMaxAge = 5\n", "s", "maxage", "5"},
    {"lookup any case", "[s]\nmaxage = 5\n", "s", "MAXAGE", "5"},
    {"section case kept", "[S]\nk = v\n", "s", "k", "<absent>"},
    {"value trimmed", "[s]\nk =    spaced out   \n", "s", "k", "spaced out"},
    {"empty value", "[s]\nk =\n", "s", "k", ""},
    {"quotes kept", "[s]\nk = \"quoted\"\n", "s", "k", "\"quoted\""},
    {"inline hash kept", "[s]\nk = a # not a comment\n", "s", "k", "a # not a comment"},
    {"double percent", "[s]\nk = 100%% sure %%%%\n", "s", "k", "100% sure %%"},
    {"single percent literal", "[s]\nk = 5% %(x)s\n", "s", "k", "5% %(x)s"},
    {"continuation", "[s]\nk = a\n  b\n\tc\n", "s", "k", "a\nb\nc"},
    {"blank line inside value", "[s]\nk = a\n\n  b\n", "s", "k", "a\n\nb"},
    {"trailing blanks dropped", "[s]\nk = a\n  b\n\n\n[t]\n", "s", "k", "a\nb"},
    {"comment inside value", "[s]\nk = a\n# c\n  b\n", "s", "k", "a\nb"},
    {"indented comment", "[s]\nk = a\n   ; c\n  b\n", "s", "k", "a\nb"},
    {"indented key is continuation", "[s]\nk = a\n  j = b\n", "s", "k", "a\nj = b"},
    {"indented keys at one level", "[s]\n  k = a\n  j = b\n", "s", "j", "b"},
    {"comments skipped", "# top\n; semi\n[s]\n# k = no\nk = yes\n", "s", "k", "yes"},
    {"crlf", "[s]\r\nk = v\r\n", "s", "k", "v"},
    {"no final newline", "[s]\nk = v", "s", "k", "v"},
    {"default visible", "[DEFAULT]\nk = d\n[s]\nj = 1\n", "s", "k", "d"},
    {"section overrides default", "[DEFAULT]\nk = d\n[s]\nk = own\n", "s", "k", "own"},
    {"default in missing section", "[DEFAULT]\nk = d\n", "nosuch", "k", "d"},
    {"section header trailing text", "[s] trailing\nk = v\n", "s", "k", "v"},
    {"absent key", "[s]\nk = v\n", "s", "other", "<absent>"},
    {"key before section", "k = v\n[s]\n", "s", "k", "error:t.cfg:1: key outside any section"},
    {"line without delimiter", "[s]\nk = v\njunk\n", "s", "k", "error:t.cfg:3: expected \"key = value\""},
    {"empty key", "[s]\n = v\n", "s", "k", "error:t.cfg:2: empty key name"},
    {"duplicate key", "[s]\nk = 1\nK = 2\n", "s", "k", "error:t.cfg:3: duplicate key \"k\" in section [s]"},
    {"duplicate section", "[s]\nk = 1\n[t]\n[s]\n", "s", "k", "error:t.cfg:4: duplicate section [s]"},
    {"empty section", "[]\n", "s", "k", "error:t.cfg:1: empty section name"},
};

std::string lookup(const ValueCase& c) {
    md::Ini ini;
    auto st = ini.read_string(c.text, "t.cfg");
    if (!st) return "error:" + st.error().message;
    auto v = ini.get(c.section, c.key);
    return v ? *v : "<absent>";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ini)

BOOST_DATA_TEST_CASE(values, bdata::make(value_cases), c) {
    std::string got = lookup(c);
    bool match = c.want.rfind("error:", 0) == 0 ? got.rfind(c.want, 0) == 0 : got == c.want;
    BOOST_TEST(match, c.name << ": got \"" << got << "\", want \"" << c.want << "\"");
}

BOOST_AUTO_TEST_CASE(all_errors_listed) {
    md::Ini ini;
    auto st = ini.read_string("[s]\nbad one\nk = 1\nbad two\n", "x.cfg");
    BOOST_REQUIRE(!st);
    std::string want =
        "x.cfg:2: expected \"key = value\" or \"key: value\", got \"bad one\"\n"
        "x.cfg:4: expected \"key = value\" or \"key: value\", got \"bad two\"";
    BOOST_TEST(st.error().message == want, "got " << st.error().message << ", want " << want);
    BOOST_TEST(st.error().code == "ini-syntax");
    BOOST_TEST(ini.sections().empty(), "a failed read must keep nothing");
}

BOOST_AUTO_TEST_CASE(non_strict_last_wins) {
    md::Ini ini;
    BOOST_REQUIRE(ini.read_string("[s]\nk = 1\n[s]\nk = 2\n", "x.cfg", {.strict = false}));
    auto got = ini.get("s", "k").value_or("<absent>");
    BOOST_TEST(got == "2", "got " << got << ", want 2");
}

BOOST_AUTO_TEST_CASE(entry_positions) {
    md::Ini ini;
    BOOST_REQUIRE(ini.read_string("[s]\n\nk = a\n  b\n", "p.cfg"));
    const md::IniEntry* e = ini.find("s", "K");
    BOOST_REQUIRE(e != nullptr);
    BOOST_TEST(e->file == "p.cfg");
    BOOST_TEST(e->line == 3, "got line " << e->line << ", want 3");
}

BOOST_AUTO_TEST_CASE(sections_and_entries) {
    md::Ini ini;
    BOOST_REQUIRE(ini.read_string("[DEFAULT]\nd = 1\nk = 0\n[b]\nk = 2\n[a]\n", "x.cfg"));
    BOOST_TEST((ini.sections() == std::vector<std::string>{"b", "a"}));
    BOOST_TEST(!ini.has_section("DEFAULT"));
    auto entries = ini.entries("b");
    BOOST_REQUIRE(entries.size() == 2u);
    BOOST_TEST(entries[0].key == "k");
    BOOST_TEST(entries[0].value == "2");
    BOOST_TEST(entries[1].key == "d");
    BOOST_TEST(ini.own_entries("b").size() == 1u);
}

BOOST_AUTO_TEST_CASE(later_files_override) {
    mailsec::testing::TempDir dir;
    auto first = dir.path() / "first.cfg", second = dir.path() / "second.cfg";
    mailsec::testing::write_file(first, "[milter]\nname = one\nsocketname = /a\n");
    mailsec::testing::write_file(second, "[milter]\nname = two\n[spf]\naccess_file = /x\n");
    md::Ini ini;
    BOOST_REQUIRE(ini.read_files({first, second}));
    BOOST_TEST(ini.get("milter", "name").value_or("") == "two");
    BOOST_TEST(ini.get("milter", "socketname").value_or("") == "/a");
    BOOST_TEST(ini.get("spf", "access_file").value_or("") == "/x");
    BOOST_TEST(ini.find("milter", "name")->file == second.string());
    BOOST_TEST(ini.files().size() == 2u);
}

BOOST_AUTO_TEST_CASE(same_key_in_two_files_is_not_duplicate) {
    md::Ini ini;
    BOOST_REQUIRE(ini.read_string("[s]\nk = 1\n", "a.cfg"));
    BOOST_REQUIRE(ini.read_string("[s]\nk = 2\n", "b.cfg"));
    BOOST_TEST(ini.get("s", "k").value_or("") == "2");
}

BOOST_AUTO_TEST_CASE(missing_file_is_io_error) {
    md::Ini ini;
    auto st = ini.read_file("/nonexistent/mailsec.cfg");
    BOOST_REQUIRE(!st);
    BOOST_TEST(st.error().code == "io");
}

BOOST_AUTO_TEST_CASE(existing_files_keeps_order) {
    mailsec::testing::TempDir dir;
    auto a = dir.path() / "a.cfg", b = dir.path() / "b.cfg";
    mailsec::testing::write_file(a, "");
    mailsec::testing::write_file(b, "");
    auto got = md::existing_files({b, dir.path() / "missing.cfg", dir.path(), a});
    BOOST_TEST((got == std::vector<std::filesystem::path>{b, a}), "got " << got.size() << " files, want b then a");
}

BOOST_AUTO_TEST_SUITE_END()
