// libgossip/src/aggregate.cpp: gossip.md §4 and §5 over the wstats, wavg, agg,
// assess and discount rows, plus clamping and wire truncation.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mailsec/gossip/aggregate.hpp"
#include "vectors.hpp"

namespace bdata = boost::unit_test::data;
namespace gossip = mailsec::gossip;
using namespace gossip_test;

namespace {
void check(double got, const std::string& want, const char* what) {
    BOOST_CHECK_MESSAGE(got == number(want), what << ": got " << show(got) << ", want " << want);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(aggregate)

BOOST_DATA_TEST_CASE(wstats_vectors, bdata::make(rows("wstats")), row) {
    if (skip_if_placeholder(row)) return;
    auto in = items(row.input);
    auto want = items(row.expected);
    const auto got = gossip::weighted_stats(opinions(in["data"]), number(in["offset"]));
    check(got.wmean, want["wmean"], "wmean");
    check(got.meanw, want["meanw"], "meanw");
    check(got.wvar, want["wvar"], "wvar");
}

BOOST_DATA_TEST_CASE(wavg_vectors, bdata::make(rows("wavg")), row) {
    if (skip_if_placeholder(row)) return;
    auto in = items(row.input);
    auto want = items(row.expected);
    const auto got = gossip::weighted_average(opinions(in["data"]), number(in["offset"]));
    check(got.avg, want["avg"], "avg");
    check(got.meanw, want["meanw"], "meanw");
}

BOOST_DATA_TEST_CASE(agg_vectors, bdata::make(rows("agg")), row) {
    if (skip_if_placeholder(row)) return;
    auto in = items(row.input);
    auto want = items(row.expected);
    const auto got = gossip::aggregate(opinions(in["data"]));
    check(got.rep, want["rep"], "rep");
    check(got.cfi, want["cfi"], "cfi");
}

BOOST_DATA_TEST_CASE(assess_vectors, bdata::make(rows("assess")), row) {
    if (skip_if_placeholder(row)) return;
    auto in = items(row.input);
    const std::string want = items(row.expected)["vote"];
    const auto v =
        gossip::assess({number(in["peer_rep"]), number(in["peer_cfi"])}, number(in["rep"]), number(in["cfi"]));
    const std::string got = v ? std::to_string(*v) : "None";
    BOOST_CHECK_MESSAGE(got == want, "vote: got " << got << ", want " << want);
}

BOOST_DATA_TEST_CASE(discount_vectors, bdata::make(rows("discount")), row) {
    if (skip_if_placeholder(row)) return;
    auto in = items(row.input);
    check(gossip::discount(number(in["p_cfi"]), number(in["peer_rep"])), items(row.expected)["cfi"], "cfi");
}

struct ClampCase {
    int rep, cfi;
    double want_rep, want_cfi;
};
std::ostream& operator<<(std::ostream& os, const ClampCase& c) { return os << c.rep << "/" << c.cfi; }

// §8: peer answers clamped to rep [-100, 100], cfi [0, 100] before use.
BOOST_DATA_TEST_CASE(clamp_peer_answer,
                     bdata::make(std::vector<ClampCase>{
                         {76, 3, 76, 3}, {-500, 1000000, -100, 100}, {101, -5, 100, 0}, {-100, 0, -100, 0}}),
                     c) {
    const auto got = gossip::clamp_peer_answer(c.rep, c.cfi);
    BOOST_CHECK_MESSAGE(got.rep == c.want_rep && got.cfi == c.want_cfi,
                        "got " << got.rep << "/" << got.cfi << ", want " << c.want_rep << "/" << c.want_cfi);
}

struct TruncCase {
    double x;
    int want;
};
std::ostream& operator<<(std::ostream& os, const TruncCase& c) { return os << show(c.x); }

// §3: C's (int)x on the wire, never "-0".
BOOST_DATA_TEST_CASE(
    wire_int_truncates,
    bdata::make(std::vector<TruncCase>{
        {-76.16, -76}, {-0.99, 0}, {0.99, 0}, {99.9, 99}, {-50.98, -50}, {1e300, 2147483647}, {std::nan(""), 0}}),
    c) {
    BOOST_CHECK_MESSAGE(gossip::wire_int(c.x) == c.want, "got " << gossip::wire_int(c.x) << ", want " << c.want);
}

BOOST_AUTO_TEST_SUITE_END()
