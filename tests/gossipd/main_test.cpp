#define BOOST_TEST_MODULE gossipd
#include <boost/test/unit_test.hpp>
