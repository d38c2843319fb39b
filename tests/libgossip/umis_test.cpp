// libgossip/src/umis.cpp: gossip.md §6 UMIS over the umis rows.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mailsec/gossip/umis.hpp"
#include "vectors.hpp"

namespace bdata = boost::unit_test::data;
using namespace gossip_test;

BOOST_AUTO_TEST_SUITE(umis)

BOOST_DATA_TEST_CASE(umis_vectors, bdata::make(rows("umis")), row) {
    if (skip_if_placeholder(row)) return;
    auto in = items(row.input);
    const std::string got = mailsec::gossip::make_umis(in["id"], in["nonce"]);
    BOOST_CHECK_MESSAGE(got == row.expected, "got " << got << ", want " << row.expected);
    BOOST_CHECK_EQUAL(got.size(), 22U);
}

BOOST_AUTO_TEST_SUITE_END()
