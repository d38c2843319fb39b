#define BOOST_TEST_MODULE libdns
#include <boost/test/unit_test.hpp>
