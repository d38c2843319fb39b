#define BOOST_TEST_MODULE libmime
#include <boost/test/unit_test.hpp>
