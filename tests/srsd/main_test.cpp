#define BOOST_TEST_MODULE srsd
#include <boost/test/unit_test.hpp>
