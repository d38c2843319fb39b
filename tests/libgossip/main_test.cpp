#define BOOST_TEST_MODULE libgossip
#include <boost/test/unit_test.hpp>
