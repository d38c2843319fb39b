// Tests for libdaemon/src/config.cpp: validation against the table — defaults,
// aliases, families, every error collected with FILE:LINE, unknown keys as warnings.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "config_table.hpp"
#include "mailsec/daemon/config.hpp"

namespace md = mailsec::daemon;
namespace bdata = boost::unit_test::data;
using daemon_test::table;

namespace {

md::Validated validate(const std::string& text) {
    md::Ini ini;
    auto st = ini.read_string(text, "t.cfg");
    BOOST_REQUIRE_MESSAGE(st, (st ? "" : st.error().message));
    return table().validate(ini);
}

std::string joined(const std::vector<md::Diagnostic>& ds) {
    std::string out;
    for (const auto& d : ds) out += d.text() + "\n";
    return out;
}

struct ErrorCase {
    std::string name;
    std::string text;
    std::string want;  // every error, one per line
};
std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.name; }

const ErrorCase error_cases[] = {
    {"valid", "[srs]\nmaxage = 5\n", ""},
    {"range", "[srs]\nmaxage = 2000\n", "t.cfg:2: [srs] maxage: 2000 is out of range 0..1023\n"},
    {"bad boolean", "[srs]\n\nses = perhaps\n",
     "t.cfg:3: [srs] ses: want a boolean (yes/no, true/false, on/off, 1/0), got \"perhaps\"\n"},
    {"bad enum", "[milter]\nuntrapped_exception = DISCARD\n",
     "t.cfg:2: [milter] untrapped_exception: want one of CONTINUE, REJECT, TEMPFAIL, ACCEPT; got \"DISCARD\"\n"},
    {"all collected",
     "[srs]\nmaxage = x\nses = 2\nsocket_mode = 9\nidle_timeout = 0\n[milter]\nuntrapped_exception = no\n",
     "t.cfg:2: [srs] maxage: want an integer, got \"x\"\n"
     "t.cfg:3: [srs] ses: want a boolean (yes/no, true/false, on/off, 1/0), got \"2\"\n"
     "t.cfg:5: [srs] idle_timeout: 0s is out of range 1..\n"
     "t.cfg:7: [milter] untrapped_exception: want one of CONTINUE, REJECT, TEMPFAIL, ACCEPT; got \"no\"\n"},
    {"default section value checked", "[DEFAULT]\nmaxage = big\n[srs]\n",
     "t.cfg:2: [srs] maxage: want an integer, got \"big\"\n"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_DATA_TEST_CASE(errors, bdata::make(error_cases), c) {
    auto v = validate(c.text);
    std::string got = v.error_text();
    BOOST_TEST(got == c.want, c.name << ": got\n" << got << "want\n" << c.want);
    BOOST_TEST(v.ok() == c.want.empty());
    if (!v.ok()) BOOST_TEST(v.error().code == "bad-config");
}

BOOST_AUTO_TEST_CASE(defaults_apply) {
    auto v = validate("[srs]\n");
    BOOST_REQUIRE(v.ok());
    BOOST_TEST(v.config.integer("srs", "maxage") == 21);
    BOOST_TEST(v.config.boolean("srs", "ses") == false);
    BOOST_TEST(v.config.mode("srs", "socket_mode") == 0660u);
    BOOST_TEST(v.config.duration("srs", "idle_timeout").count() == 1800);
    BOOST_TEST((v.config.list("srs", "listen") == std::vector<std::string>{"unix:/run/srsd/srsd.sock"}));
    BOOST_TEST(v.config.string("milter", "untrapped_exception") == "CONTINUE");
    BOOST_TEST(!v.config.is_set("srs", "user"));
    BOOST_TEST(!v.config.optional_string("srs", "user").has_value());
    BOOST_TEST(v.config.string("srs", "user") == "");
    BOOST_TEST(v.config.item("srs", "maxage")->file.empty());
}

BOOST_AUTO_TEST_CASE(values_and_places) {
    auto v = validate("[srs]\nmaxage = 7\nses = on\nsocket_mode = 0o600\nuser = srsd\n");
    BOOST_REQUIRE(v.ok());
    BOOST_TEST(v.config.integer("srs", "maxage") == 7);
    BOOST_TEST(v.config.boolean("srs", "ses"));
    BOOST_TEST(v.config.optional_mode("srs", "socket_mode").value_or(0) == 0600u);
    BOOST_TEST(v.config.string("srs", "user") == "srsd");
    const auto* item = v.config.item("srs", "user");
    BOOST_TEST(item->file == "t.cfg");
    BOOST_TEST(item->line == 5);
}

BOOST_AUTO_TEST_CASE(alias_in_same_section) {
    auto v = validate("[srs]\nsocket = unix:/tmp/s.sock\n");
    BOOST_REQUIRE(v.ok());
    BOOST_TEST((v.config.list("srs", "listen") == std::vector<std::string>{"unix:/tmp/s.sock"}));
    BOOST_TEST(v.warnings.empty(), joined(v.warnings));
}

BOOST_AUTO_TEST_CASE(canonical_beats_alias_with_warning) {
    auto v = validate("[srs]\nlisten = inet:127.0.0.1:1\nsocket = unix:/tmp/s.sock\n");
    BOOST_REQUIRE(v.ok());
    BOOST_TEST((v.config.list("srs", "listen") == std::vector<std::string>{"inet:127.0.0.1:1"}));
    std::string want = "t.cfg:3: [srs] socket ignored: [srs] listen is also set\n";
    BOOST_TEST(joined(v.warnings) == want, "got " << joined(v.warnings) << "want " << want);
}

BOOST_AUTO_TEST_CASE(alias_in_other_section) {
    auto v = validate("[milter]\nbest_guess = yes\n");
    BOOST_REQUIRE(v.ok());
    BOOST_TEST(v.config.boolean("spf", "best_guess"));
    BOOST_TEST(v.warnings.empty(), joined(v.warnings));
}

BOOST_AUTO_TEST_CASE(family_members_in_order) {
    auto v = validate("[srs]\nsecret = new\nsecret.10 = ten\nsecret.2 = two\nsecret.0 = zero\nsecret. = x\n");
    BOOST_REQUIRE(v.ok());
    std::vector<std::string> got;
    for (const auto* i : v.config.family("srs", "secret.")) got.push_back(i->key + "=" + i->raw);
    std::vector<std::string> want{"secret.0=zero", "secret.2=two", "secret.10=ten"};
    BOOST_TEST(got == want, "got " << got.size() << " members");
    // "secret." alone is no member: it is an unknown key.
    BOOST_TEST(joined(v.warnings) == "t.cfg:6: unknown key [srs] secret. ignored\n", joined(v.warnings));
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_sections_warn) {
    auto v = validate("[srs]\nmaxage = 3\nold_key = 1\n[gossip]\nqsize = 5\n[DEFAULT]\nstray = 1\nses = no\n");
    BOOST_REQUIRE(v.ok());
    std::string want =
        "t.cfg:3: unknown key [srs] old_key ignored\n"
        "t.cfg:5: unknown section [gossip] ignored\n"
        "t.cfg:7: unknown key [DEFAULT] stray ignored\n";
    BOOST_TEST(joined(v.warnings) == want, "got\n" << joined(v.warnings) << "want\n" << want);
}

BOOST_AUTO_TEST_CASE(wrong_type_access_is_a_bug) {
    auto v = validate("[srs]\n");
    BOOST_CHECK_THROW((void)v.config.integer("srs", "ses"), std::logic_error);
    BOOST_CHECK_THROW((void)v.config.integer("srs", "nosuch"), std::logic_error);
}

BOOST_AUTO_TEST_CASE(broken_table_throws) {
    using md::KeyType;
    BOOST_CHECK_THROW(md::ConfigTable({{.section = "s", .name = "k"}, {.section = "s", .name = "K"}}),
                      std::invalid_argument);
    BOOST_CHECK_THROW(md::ConfigTable({{.section = "s", .name = "k", .type = KeyType::integer, .default_value = "x"}}),
                      std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(lookup_finds_aliases_and_members) {
    BOOST_TEST(table().lookup("srs", "SOCKET")->name == "listen");
    BOOST_TEST(table().lookup("srs", "secret.3")->name == "secret.");
    BOOST_TEST(table().lookup("milter", "best_guess")->section == "spf");
    BOOST_TEST(table().lookup("srs", "nosuch") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
