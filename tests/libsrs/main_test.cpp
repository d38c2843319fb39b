#define BOOST_TEST_MODULE libsrs
#include <boost/test/unit_test.hpp>
