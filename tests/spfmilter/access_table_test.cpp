// Tests for spfmilter/src/access_table.cpp: the text form and the lookup order of
// milter.md §3.4, with the example map and its expected lookups.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "access_table.hpp"

namespace sm = mailsec::spfmilter;
namespace bdata = boost::unit_test::data;

namespace {

const char* kExample = R"(# the example of milter.md 3.4
SMTP-Auth:good@example.com  OK
SMTP-Auth:example.com       REJECT
SMTP-Test:                  REJECT
SMTP-Test:.baz.com          WILDCARD
SPF-PermError:              REJECT
SPF-PermError:foo@bad.example.com  OK
)";

struct Lookup {
    std::string tag, address, want;  // want "" = no entry
};
std::ostream& operator<<(std::ostream& os, const Lookup& l) { return os << l.tag << " " << l.address; }

const Lookup kLookups[] = {
    {"smtp-auth", "good@example.com", "OK"},
    {"smtp-auth", "bad@example.com", "REJECT"},
    {"smtp-auth", "bad@bad.example.com", ""},
    {"smtp-test", "any@random.com", "REJECT"},
    {"smtp-test", "foo@bar.baz.com", "WILDCARD"},
    {"smtp-test", "x@baz.com", "REJECT"},
    {"spf-permerror", "foo@bad.example.com", "OK"},
    {"spf-permerror", "bar@bad.example.com", "REJECT"},
    {"SMTP-AUTH", "Good@Example.COM", "OK"},  // case-insensitive everywhere (mailsec fix)
};

sm::AccessTable example() {
    std::vector<std::string> warnings;
    auto t = sm::parse_access_text(kExample, "example", warnings);
    BOOST_TEST(warnings.empty());
    return t;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(access_table)

BOOST_DATA_TEST_CASE(example_map_lookups, bdata::make(kLookups), l) {
    auto t = example();
    auto m = sm::lookup_policy(t, l.tag, l.address, ':');
    std::string got = m ? m->value : "";
    BOOST_TEST(got == l.want, l << ": got \"" << got << "\", want \"" << l.want << "\"");
}

BOOST_AUTO_TEST_CASE(lookup_order_keys) {
    auto keys = sm::policy_keys("SPF-Fail", "Bob@Sub.Example.COM", ':');
    std::vector<std::string> want = {"spf-fail:bob@sub.example.com", "spf-fail:sub.example.com",
                                     "spf-fail:.example.com", "spf-fail:.com", "spf-fail:", "spf-fail"};
    BOOST_TEST(keys == want, boost::test_tools::per_element());
    auto helo = sm::policy_keys("helo-fail", "mx.example", '!');
    std::vector<std::string> want_helo = {"helo-fail!mx.example", "helo-fail!.example", "helo-fail!", "helo-fail"};
    BOOST_TEST(helo == want_helo, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(each_step_of_the_order_wins_over_the_next) {
    const std::string all = "SPF-Fail:bob@a.b.example 1\nSPF-Fail:a.b.example 2\nSPF-Fail:.b.example 3\n"
                            "SPF-Fail:.example 4\nSPF-Fail: 5\nSPF-Fail 6\n";
    std::vector<std::string> lines;
    for (std::size_t p = 0, n; (n = all.find('\n', p)) != std::string::npos; p = n + 1) lines.push_back(all.substr(p, n - p + 1));
    for (std::size_t drop = 0; drop < lines.size(); ++drop) {
        std::string text;
        for (std::size_t i = drop; i < lines.size(); ++i) text += lines[i];
        std::vector<std::string> w;
        auto t = sm::parse_access_text(text, "t", w);
        auto m = sm::lookup_policy(t, "spf-fail", "bob@a.b.example", ':');
        BOOST_REQUIRE(m);
        BOOST_TEST(m->value == std::to_string(drop + 1), "with the first " << drop << " lines dropped: got " << m->value);
    }
    std::vector<std::string> w;
    auto bare_parent = sm::parse_access_text("SPF-Pass:example.com REJECT\n", "t", w);
    BOOST_TEST(!sm::lookup_policy(bare_parent, "spf-pass", "x@sub.example.com", ':'));
}

BOOST_AUTO_TEST_CASE(text_rules) {
    std::vector<std::string> w;
    auto t = sm::parse_access_text("  # comment\n\nSPF-Fail:a.example  REJECT  \nspf-fail:A.example OK\n"
                                   "SPF-Pass:empty.example\nSPF-Pass:.example  some value\n", "f", w);
    BOOST_TEST(*t.find("spf-fail:a.example") == "REJECT");  // the first duplicate wins
    BOOST_REQUIRE_EQUAL(w.size(), 2u);                     // empty value, duplicate
    BOOST_TEST(w[0].find("f:5:") == 0, w[0]);
    BOOST_TEST(w[1].find("duplicate") != std::string::npos);
    // an empty value counts as absent: the next key in order is used
    auto m = sm::lookup_policy(t, "spf-pass", "x@empty.example", ':');
    BOOST_REQUIRE(m);
    BOOST_TEST(m->value == "some value");
    BOOST_TEST(m->key == "spf-pass:.example");
}

BOOST_AUTO_TEST_CASE(trailing_nul_is_stripped_from_keys_and_values) {
    std::vector<std::string> w;
    sm::AccessPairs pairs = {{std::string("SPF-Fail:x.example\0", 19), std::string("REJECT\0", 7)},
                             {"spf-pass:", "OK"}};
    auto t = sm::AccessTable::from_pairs(pairs, w);
    auto m = sm::lookup_policy(t, "spf-fail", "a@x.example", ':');
    BOOST_REQUIRE(m);
    BOOST_TEST(m->value == "REJECT");
    BOOST_TEST(m->value.size() == 6u);
}

BOOST_AUTO_TEST_SUITE_END()
