// Tests for srsd/src/maps.cpp: request parsing and dispatch (srs.md §7), domain
// lists, sendmail's focused form, and logging (one line per failure, no secret).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "helpers.hpp"

namespace srsd = mailsec::srsd;
namespace bdata = boost::unit_test::data;
using srsd_test::MapsFixture;

namespace {
struct RequestCase {
    std::string payload, want;
};
std::ostream& operator<<(std::ostream& os, const RequestCase& c) { return os << c.payload; }
const RequestCase request_cases[] = {
    {"forward mouse@orig.com", "OK SRS0=VPFz=IZ=orig.com=mouse@second.com"},
    {"make-srs mouse@orig.com", "OK SRS0=VPFz=IZ=orig.com=mouse<@second.com.>"},
    {"make_srs mouse@orig.com", "OK SRS0=VPFz=IZ=orig.com=mouse<@second.com.>"},
    {"reverse-srs SRS0=VPFz=IZ=orig.com=mouse@second.com", "OK mouse<@orig.com.>"},
    {"reverse SRS0=VPFz=IZ=orig.com=mouse@second.com", "OK mouse@orig.com"},
    {"bogus mouse@orig.com", "PERM unknown map: bogus"},
    {"Forward mouse@orig.com", "PERM unknown map: Forward"},
    {"", "PERM unknown map: "},
    {"forward", "PERM missing key"},
    {"forward ", "PERM missing key"},
    {"forward a b@orig.com", "OK SRS0=*=IZ=orig.com=a b@second.com"},
};

struct DomainCase {
    std::string domain;
    bool want;
};
std::ostream& operator<<(std::ostream& os, const DomainCase& c) { return os << c.domain; }
const DomainCase domain_cases[] = {
    {"local.example", true}, {"LOCAL.Example", true},  {"x.local.example", false},
    {"sub.example", false},  {"a.sub.example", true},  {"A.B.SUB.EXAMPLE", true},
    {"xsub.example", false}, {"", false},
};

struct TextCase {
    std::string in, want;
};
std::ostream& operator<<(std::ostream& os, const TextCase& c) { return os << c.in; }
const TextCase focused_cases[] = {
    {"mouse@orig.com", "mouse<@orig.com.>"},
    {"a@b@orig.com", "a@b<@orig.com.>"},
    {"nodomain", "nodomain"},
};
const TextCase strip_cases[] = {
    {"<mouse@orig.com>", "mouse@orig.com"},
    {"mouse@orig.com.", "mouse@orig.com"},
    {"<mouse@orig.com.>", "mouse@orig.com"},
    {"mouse@orig.com..", "mouse@orig.com."},
    {"<>", ""},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(maps)

BOOST_DATA_TEST_CASE(request, bdata::make(request_cases), c) {
    MapsFixture f;
    auto got = srsd::socketmap_payload(f.maps->request(c.payload));
    BOOST_TEST(srsd_test::matches(c.want, got), c.payload << ": got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(domain_in, bdata::make(domain_cases), c) {
    std::vector<std::string> list = {"local.example", ".sub.example"};
    bool got = srsd::domain_in(c.domain, list);
    BOOST_TEST(got == c.want, c.domain << ": got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(focused, bdata::make(focused_cases), c) {
    auto got = srsd::focused(c.in);
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(strip_angles, bdata::make(strip_cases), c) {
    auto got = srsd::strip_angles(c.in);
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(one_log_line_per_failure_and_never_the_secret) {
    MapsFixture f;
    (void)f.maps->request("bogus x");
    (void)f.maps->request("reverse SRS0=XXXX=IZ=orig.com=mouse@second.com");
    (void)f.maps->request("forward mouse@orig.com");  // success: no line
    auto text = f.log_text.str();
    auto lines = std::count(text.begin(), text.end(), '\n');
    BOOST_TEST(lines == 2, "got " << lines << " log lines, want 2:\n" << text);
    BOOST_TEST(text.find("shhhh!") == std::string::npos, "log holds the secret:\n" << text);
    BOOST_TEST(text.find("invalid hash") != std::string::npos, "got log:\n" << text);
}

BOOST_AUTO_TEST_SUITE_END()
