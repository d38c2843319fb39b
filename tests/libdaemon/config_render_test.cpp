// Tests for libdaemon/src/config_render.cpp: --help text and --check-config output
// (secrets never printed, output readable back as the same configuration).
#include <boost/test/unit_test.hpp>
#include <string>

#include "config_table.hpp"
#include "mailsec/daemon/config.hpp"

namespace md = mailsec::daemon;
using daemon_test::table;

namespace {

md::Validated validate(const std::string& text) {
    md::Ini ini;
    auto st = ini.read_string(text, "t.cfg");
    BOOST_REQUIRE(st);
    return table().validate(ini);
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_render)

BOOST_AUTO_TEST_CASE(help_lists_every_key) {
    std::string help = table().render_help(200);
    for (const auto& want :
         {"[srs]\n", "[milter]\n", "[spf]\n",
          "    maxage (integer, 0..1023, default 21)\n        Days an SRS address stays valid.\n",
          "    secret.N (string, secret, no default)\n", "    idle_timeout (duration, at least 1s, default 1800)\n",
          "one of CONTINUE|REJECT|TEMPFAIL|ACCEPT, default CONTINUE", "also: milter:best_guess", "also: socket"})
        BOOST_TEST(contains(help, want), "got\n" << help << "want it to contain\n" << want);
}

BOOST_AUTO_TEST_CASE(help_wraps_with_hanging_indent) {
    std::string help = table().render_help(50);
    std::istringstream lines(help);
    for (std::string line; std::getline(lines, line);)
        BOOST_TEST(line.size() <= 50u, "got a " << line.size() << "-column line, want <= 50: " << line);
    BOOST_TEST(contains(help, "\n            "), "continuation lines want a hanging indent");
}

BOOST_AUTO_TEST_CASE(effective_masks_secrets) {
    auto v = validate("[srs]\nsecret = topsecret\nsecret.1 = oldsecret\n");
    BOOST_REQUIRE(v.ok());
    std::string out = table().render_effective(v.config);
    BOOST_TEST(!contains(out, "topsecret"), "secret printed:\n" << out);
    BOOST_TEST(!contains(out, "oldsecret"), "secret printed:\n" << out);
    BOOST_TEST(contains(out, "secret = ********\n"));
    BOOST_TEST(contains(out, "secret.1 = ********\n"));
}

BOOST_AUTO_TEST_CASE(effective_shows_values_sources_and_unset) {
    auto v = validate("[srs]\nmaxage = 9\nsocket_mode = 0x1b0\n");
    BOOST_REQUIRE(v.ok());
    std::string out = table().render_effective(v.config);
    for (const auto& want : {"# t.cfg:2\nmaxage = 9\n", "# t.cfg:3\nsocket_mode = 0660\n", "# default\nses = no\n",
                             "# user is unset\n", "[milter]\n# default\nuntrapped_exception = CONTINUE\n"})
        BOOST_TEST(contains(out, want), "got\n" << out << "want it to contain\n" << want);
}

BOOST_AUTO_TEST_CASE(effective_reads_back_the_same) {
    auto v = validate("[srs]\nuser = 100%% x\nlisten = unix:/a,\n  inet:127.0.0.1:2\nmaxage = 3\n");
    BOOST_REQUIRE(v.ok());
    md::Ini again;
    auto st = again.read_string(table().render_effective(v.config), "effective");
    BOOST_REQUIRE_MESSAGE(st, (st ? "" : st.error().message));
    auto v2 = table().validate(again);
    BOOST_REQUIRE(v2.ok());
    BOOST_TEST(v2.config.string("srs", "user") == "100% x");
    BOOST_TEST(v2.config.list("srs", "listen") == v.config.list("srs", "listen"));
    BOOST_TEST(v2.config.integer("srs", "maxage") == 3);
}

BOOST_AUTO_TEST_SUITE_END()
