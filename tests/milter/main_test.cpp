// Boost.Test module for the milter library (tests/milter/*_test.cpp).
#define BOOST_TEST_MODULE milter
#include <boost/test/unit_test.hpp>
