// Tests for libsrs/src/codec.cpp: day stamps and hashes (srs.md §2, vectors ts-*, hm-*).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "helpers.hpp"
#include "mailsec/srs/codec.hpp"

namespace srs = mailsec::srs;
namespace bdata = boost::unit_test::data;
using srs_test::t0;

namespace {

struct StampCase {
    std::int64_t now;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const StampCase& c) { return os << c.now; }
const StampCase stamp_cases[] = {
    {0, "AA"}, {t0, "IZ"}, {1705363199, "IZ"}, {1705363200, "I2"},
    {88387200, "77"}, {88473600, "AA"}, {91238400, "BA"}, {-1, "77"},
};

struct AgeCase {
    std::string tt;
    std::int64_t now;
    std::string want;  // days, or an error code
};
std::ostream& operator<<(std::ostream& os, const AgeCase& c) { return os << c.tt << " at " << c.now; }
const AgeCase age_cases[] = {
    {"IZ", t0, "0"},
    {"iz", t0, "0"},
    {"IZ", t0 + 21 * srs_test::day, "21"},
    {"IZ", t0 - srs_test::day, "1023"},               // from the future: ~1024 days old
    {"IZ", t0 + 1024 * srs_test::day, "0"},           // the cycle wraps (rv-09)
    {"I1", t0, "bad-timestamp"},                      // '1' is not base32
    {"I", t0, "bad-timestamp"},
    {"IZZ", t0, "bad-timestamp"},
    {"", t0, "bad-timestamp"},
};

struct HashCase {
    std::string secret;
    std::vector<std::string> fields;
    int length;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const HashCase& c) { return os << c.want; }
const HashCase hash_cases[] = {
    {"shhhh!", {"IZ", "orig.com", "mouse"}, 4, "VPFz"},
    {"shhhh!", {"IZ", "ORIG.COM", "Mouse"}, 27, "VPFz/35yAw8y58dbilWLEZGU3KQ"},
    {"shhhh!", {"orig.com", "=VPFz=IZ=orig.com=mouse"}, 8, "EkbbHSY1"},
    {"shhhh!", {"I1", "orig.com", "mouse"}, 4, "d0Ff"},
    {"shhhh!", {"IZ", "orig.com", "mouse"}, 1, "V"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(codec)

BOOST_DATA_TEST_CASE(timestamp_at, bdata::make(stamp_cases), c) {
    auto got = srs::timestamp_at(c.now);
    BOOST_TEST(got == c.want, "now " << c.now << ": got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(timestamp_age, bdata::make(age_cases), c) {
    auto r = srs::timestamp_age(c.tt, c.now);
    std::string got = r ? std::to_string(*r) : r.error().code;
    BOOST_TEST(got == c.want, "'" << c.tt << "' at " << c.now << ": got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(hash_fields, bdata::make(hash_cases), c) {
    std::string got;
    if (c.fields.size() == 3)
        got = srs::hash_fields(c.secret, {c.fields[0], c.fields[1], c.fields[2]}, c.length);
    else
        got = srs::hash_fields(c.secret, {c.fields[0], c.fields[1]}, c.length);
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_SUITE_END()
