#define BOOST_TEST_MODULE libspf
#include <boost/test/unit_test.hpp>
