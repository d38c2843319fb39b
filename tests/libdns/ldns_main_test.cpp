#define BOOST_TEST_MODULE libdns_ldns
#include <boost/test/unit_test.hpp>
