// tests/libgossip/vectors.cpp: the vector file is complete, so no row is silently
// skipped by the table-driven suites (gossip.md §10).
#include <boost/test/unit_test.hpp>

#include <map>

#include "vectors.hpp"

using namespace gossip_test;

BOOST_AUTO_TEST_SUITE(vectors)

BOOST_AUTO_TEST_CASE(every_kind_has_its_rows) {
    bool found = false;
    const auto all = all_rows(found);
    if (!found) {
        BOOST_TEST_MESSAGE("skipped: ../shared/gossip/gossip-vectors.tsv not found (set MAILSEC_SHARED_DIR)");
        return;
    }
    std::map<std::string, int> got;
    for (const auto& r : all) ++got[r.kind];
    const std::map<std::string, int> want = {
        {"agg", 16},         {"assess", 11}, {"cfi", 14}, {"discount", 6}, {"peer", 7}, {"rep", 31},   {"replay", 40},
        {"replay-final", 3}, {"seq", 13},    {"umis", 4}, {"verdict", 9},  {"wavg", 7}, {"wstats", 7},
    };
    for (const auto& [kind, n] : want)
        BOOST_CHECK_MESSAGE(got[kind] == n, kind << ": got " << got[kind] << " rows, want " << n);
    BOOST_CHECK_MESSAGE(got.size() == want.size(), "got " << got.size() << " kinds, want " << want.size());
    BOOST_CHECK_EQUAL(all.size(), 168U);
}

BOOST_AUTO_TEST_SUITE_END()
