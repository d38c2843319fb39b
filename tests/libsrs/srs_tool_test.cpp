// End-to-end tests of the srs tool (libsrs/tools/srs.cpp): the real binary, its
// Mail::SRS-compatible options, standard-input batches and exit codes (srs.md §8b).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "support/paths.hpp"
#include "support/process.hpp"

namespace bdata = boost::unit_test::data;
using mailsec::testing::run;

namespace {

// Fails the test with a clear message when the binary is not where CTest puts it.
std::string srs_bin() {
    auto bin = mailsec::testing::bin_dir() / "srs";
    BOOST_REQUIRE_MESSAGE(std::filesystem::exists(bin),
                          "srs not found at " << bin << ": run under CTest or set MAILSEC_BIN_DIR");
    return bin.string();
}

struct Case {
    std::string name;
    std::vector<std::string> args;
    std::string input;
    int want_exit;
    std::string want_out;
    std::string want_err_part;  // substring of stderr, "" for none expected
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

const std::string now = "--now=1705320000";
const Case cases[] = {
    {"forward", {"--secret=shhhh!", "--alias=second.com", now, "mouse@orig.com"}, "", 0,
     "SRS0=VPFz=IZ=orig.com=mouse@second.com\n", ""},
    {"separated values", {"--secret", "shhhh!", "--alias", "second.com", now, "--separator", "+", "mouse@orig.com"}, "",
     0, "SRS0+VPFz=IZ=orig.com=mouse@second.com\n", ""},
    {"--address and bare", {"--secret=shhhh!", "--alias=second.com", now, "--address=mouse@orig.com", "rat@orig.com"},
     "", 0, "SRS0=VPFz=IZ=orig.com=mouse@second.com\nSRS0=d6Lm=IZ=orig.com=rat@second.com\n", ""},
    {"reverse", {"--secret=shhhh!", "--reverse", now, "SRS0=VPFz=IZ=orig.com=mouse@second.com"}, "", 0,
     "mouse@orig.com\n", ""},
    {"reverse with case warning", {"--secret=shhhh!", "--reverse", now, "srs0=vpfz=iz=orig.com=mouse@second.com"},
     "", 0, "mouse@orig.com\n", "warning"},
    {"rotation", {"--secret=newsecret", "--secret=oldsecret", "--reverse", now,
                  "SRS0=BGXG=IZ=orig.com=mouse@second.com"}, "", 0, "mouse@orig.com\n", ""},
    {"hashlength 8", {"--secret=shhhh!", "--alias=second.com", "--hashlength=8", now, "mouse@orig.com"}, "", 0,
     "SRS0=VPFz/35y=IZ=orig.com=mouse@second.com\n", ""},
    {"stdin batch with a bad line", {"--secret=shhhh!", "--alias=second.com", now},
     "mouse@orig.com\nnodomain\nrat@orig.com\r\n", 1,
     "SRS0=VPFz=IZ=orig.com=mouse@second.com\nSRS0=d6Lm=IZ=orig.com=rat@second.com\n", "nodomain"},
    {"expired", {"--secret=shhhh!", "--reverse", "--now=1707220800", "SRS0=VPFz=IZ=orig.com=mouse@second.com"}, "",
     1, "", "bad-timestamp"},
    {"maxage", {"--secret=shhhh!", "--reverse", "--maxage=30", "--now=1707220800",
                "SRS0=VPFz=IZ=orig.com=mouse@second.com"}, "", 0, "mouse@orig.com\n", ""},
    {"shortcut", {"--secret=shhhh!", "--alias=forwarder2.com", "--scheme=shortcut", now,
                  "SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com"}, "", 0,
     "SRS0=VPFz=IZ=orig.com=mouse@forwarder2.com\n", ""},
    {"ses sign", {"--secret=shhhh!", "--ses", "--maxage=10", now, "mickey@Mouse.com"}, "", 0,
     "SES=E6FEVX9MBS852OJZY=mickey@Mouse.com\n", ""},
    {"ses verify", {"--secret=shhhh!", "--ses", "--reverse", "--maxage=10", now,
                    "SES=E6FEVX9MBS852OJZY=mickey@Mouse.com"}, "", 0, "mickey@Mouse.com\n", ""},
    {"ses unverified", {"--secret=shhhh!", "--ses", "--reverse", "--maxage=10", now, "SES=E6FEVX9MBS852OJZY=x@y.com"},
     "", 1, "", "unverified"},
    {"no secret", {"--alias=second.com", "mouse@orig.com"}, "", 2, "", "secret"},
    {"no alias", {"--secret=s", "mouse@orig.com"}, "", 2, "", "--alias"},
    {"hashlength 28", {"--secret=s", "--alias=a.com", "--hashlength=28", "x@y.com"}, "", 2, "", "1..27"},
    {"db without file", {"--secret=s", "--alias=a.com", "--scheme=db", "x@y.com"}, "", 2, "", "--database"},
    {"unknown option", {"--secret=s", "--frobnicate"}, "", 2, "", "unknown option"},
    {"bad number", {"--secret=s", "--hashlength=four"}, "", 2, "", "number"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(srs_tool)

BOOST_DATA_TEST_CASE(cases_table, bdata::make(cases), c) {
    std::vector<std::string> argv{srs_bin()};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    auto r = run(argv, c.input);
    BOOST_TEST(r.exit_code == c.want_exit, c.name << ": got exit " << r.exit_code << ", want " << c.want_exit
                                                  << " (stderr: " << r.err << ")");
    BOOST_TEST(r.out == c.want_out, c.name << ": got '" << r.out << "', want '" << c.want_out << "'");
    if (!c.want_err_part.empty())
        BOOST_TEST(r.err.find(c.want_err_part) != std::string::npos,
                   c.name << ": got stderr '" << r.err << "', want it to mention " << c.want_err_part);
    else
        BOOST_TEST(r.err.empty(), c.name << ": got stderr '" << r.err << "', want none");
}

BOOST_AUTO_TEST_CASE(db_scheme_round_trip_through_file) {
    mailsec::testing::TempDir dir("srs-tool");
    auto db = "--database=" + (dir.path() / "srs.db").string();
    auto fwd = run({srs_bin(), "--secret=shhhh!", "--alias=second.com", "--scheme=db", db, now, "mouse@orig.com"});
    BOOST_TEST(fwd.out == "SRS0=OOHcPPI9lm2bQ11OnkgZFs8E@second.com\n", "got " << fwd.out << " " << fwd.err);
    auto rev = run({srs_bin(), "--secret=shhhh!", "--reverse", "--scheme=db", db, now,
                    "SRS0=OOHcPPI9lm2bQ11OnkgZFs8E@second.com"});
    BOOST_TEST(rev.out == "mouse@orig.com\n", "got " << rev.out << " " << rev.err);
}

BOOST_AUTO_TEST_CASE(secretfile) {
    mailsec::testing::TempDir dir("srs-tool");
    auto file = dir.path() / "secrets";
    mailsec::testing::write_file(file, "newsecret\r\n\noldsecret\n");
    auto r = run({srs_bin(), "--secretfile=" + file.string(), "--reverse", now,
                  "SRS0=BGXG=IZ=orig.com=mouse@second.com"});
    BOOST_TEST(r.out == "mouse@orig.com\n", "got " << r.out << " " << r.err);
    auto f = run({srs_bin(), "--secretfile=" + file.string(), "--alias=second.com", now, "mouse@orig.com"});
    BOOST_TEST(f.out == "SRS0=XBPc=IZ=orig.com=mouse@second.com\n", "first line signs: got " << f.out);
}

BOOST_AUTO_TEST_CASE(help_is_a_manual) {
    auto r = run({srs_bin(), "--help"});
    BOOST_TEST(r.exit_code == 0);
    for (const char* section : {"NAME", "SYNOPSIS", "OPTIONS", "EXIT STATUS", "--secretfile", "--scheme"})
        BOOST_TEST(r.out.find(section) != std::string::npos, "help lacks " << section);
}

BOOST_AUTO_TEST_SUITE_END()
