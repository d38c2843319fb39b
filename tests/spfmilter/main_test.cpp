// spfmilter unit tests: one suite per source file of spfmilter/src.
#define BOOST_TEST_MODULE spfmilter
#include <boost/test/unit_test.hpp>
