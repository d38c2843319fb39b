// libgossip/src/observations.cpp: the ring (gossip.md §2) and §3's formulas, over
// the rep, cfi and seq rows of the vector file, plus the §2 invariant.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mailsec/gossip/observations.hpp"
#include "vectors.hpp"

namespace bdata = boost::unit_test::data;
namespace gossip = mailsec::gossip;
using namespace gossip_test;

BOOST_AUTO_TEST_SUITE(observations)

BOOST_DATA_TEST_CASE(rep_vectors, bdata::make(rows("rep")), row) {
    if (skip_if_placeholder(row)) return;
    auto in = items(row.input);
    auto want = items(row.expected);
    const double got = gossip::reputation(std::stoi(in["bcnt"]), std::stoi(in["hcnt"]), std::stoi(in["ncnt"]));
    BOOST_CHECK_MESSAGE(got == number(want["rep"]), "rep: got " << show(got) << ", want " << want["rep"]);
    BOOST_CHECK_MESSAGE(gossip::wire_int(got) == std::stoi(want["repd"]),
                        "repd: got " << gossip::wire_int(got) << ", want " << want["repd"]);
}

BOOST_DATA_TEST_CASE(cfi_vectors, bdata::make(rows("cfi")), row) {
    if (skip_if_placeholder(row)) return;
    auto in = items(row.input);
    auto want = items(row.expected);
    const double got = gossip::confidence(std::stoi(in["bcnt"]), std::stoi(in["maxobs"]), number(in["first"]),
                                          number(in["last"]), number(in["now"]));
    BOOST_CHECK_MESSAGE(got == number(want["cfi"]), "cfi: got " << show(got) << ", want " << want["cfi"]);
    BOOST_CHECK_MESSAGE(gossip::wire_int(got) == std::stoi(want["cfid"]),
                        "cfid: got " << gossip::wire_int(got) << ", want " << want["cfid"]);
}

BOOST_DATA_TEST_CASE(seq_vectors, bdata::make(rows("seq")), row) {
    if (skip_if_placeholder(row)) return;
    auto in = items(row.input);
    auto want = items(row.expected);
    auto r = gossip::Record::create(std::stoi(in["maxobs"]), t0);
    for (int v : votes(in["votes"])) {
        r.vote(v, t0);
        BOOST_REQUIRE_MESSAGE(r.consistent(), "invariant broken after a vote");
    }
    const std::pair<const char*, std::string> fields[] = {
        {"bptr", std::to_string(r.bptr)},
        {"bcnt", std::to_string(r.bcnt)},
        {"hcnt", std::to_string(r.hcnt)},
        {"ncnt", std::to_string(r.ncnt)},
        {"obs", hex(r.ham)},
        {"null", hex(r.null)},
    };
    for (const auto& [name, got] : fields)
        BOOST_CHECK_MESSAGE(got == want[name], name << ": got " << got << ", want " << want[name]);
    BOOST_CHECK_MESSAGE(r.reputation() == number(want["rep"]),
                        "rep: got " << show(r.reputation()) << ", want " << want["rep"]);
}

struct RingCase {
    int maxobs;
    std::vector<int> votes;
};
std::ostream& operator<<(std::ostream& os, const RingCase& c) {
    return os << "maxobs=" << c.maxobs << " votes=" << c.votes.size();
}

// §2: "1..1024 must work"; the invariant holds after every vote of a long mixed stream.
BOOST_DATA_TEST_CASE(invariant_holds,
                     bdata::make(std::vector<RingCase>{{1, votes("+,-,0,0,+,0,-")},
                                                       {2, votes("0*3,+*2,-,0")},
                                                       {7, votes("+*10,0*10,-*10,+,0,-")},
                                                       {1024, votes("+*700,0*700,-*700")}}),
                     c) {
    auto r = gossip::Record::create(c.maxobs, t0);
    for (std::size_t i = 0; i < c.votes.size(); ++i) {
        r.vote(c.votes[i], t0 + static_cast<double>(i));
        BOOST_REQUIRE_MESSAGE(r.consistent(), "invariant broken after vote " << i);
    }
    BOOST_CHECK_EQUAL(r.bcnt, std::min<int>(c.maxobs, static_cast<int>(c.votes.size())));
    BOOST_CHECK_EQUAL(r.firstseen, t0);
}

BOOST_AUTO_TEST_CASE(out_of_range_maxobs_is_clamped) {
    BOOST_CHECK_EQUAL(gossip::Record::create(0, t0).maxobs, 1);
    BOOST_CHECK_EQUAL(gossip::Record::create(5000, t0).maxobs, 1024);
}

BOOST_AUTO_TEST_SUITE_END()
