#define BOOST_TEST_MODULE spfmilter_e2e
#include <boost/test/unit_test.hpp>
