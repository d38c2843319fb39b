// Tests for srsd/src/tcp_table.cpp: postsrsd 1.x / Postfix tcp_table lines (srs.md §8).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "tcp_table.hpp"

namespace srsd = mailsec::srsd;
namespace bdata = boost::unit_test::data;

namespace {
struct DecodeCase {
    std::string line, want;  // want: "key:<key>" or "invalid"
};
std::ostream& operator<<(std::ostream& os, const DecodeCase& c) { return os << c.line; }
const DecodeCase decode_cases[] = {
    {"get mouse@orig.com", "key:mouse@orig.com"},
    {"get mouse@orig.com\r", "key:mouse@orig.com"},
    {"get mouse%40orig.com", "key:mouse@orig.com"},
    {"get a%2fb%2Fc", "key:a/b/c"},
    {"get %25", "key:%"},
    {"get ", "key:"},
    {"get a b", "key:a b"},
    {"get %4", "invalid"},
    {"get %zz", "invalid"},
    {"GET x", "invalid"},
    {"put x y", "invalid"},
    {"get", "invalid"},
    {"", "invalid"},
};

struct ReplyCase {
    srsd::Reply reply;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const ReplyCase& c) { return os << c.want; }
const ReplyCase reply_cases[] = {
    {srsd::Reply::ok("SRS0=VPFz=IZ=orig.com=mouse@second.com"), "200 SRS0=VPFz=IZ=orig.com=mouse@second.com\n"},
    {srsd::Reply::ok("a b%c\n"), "200 a%20b%25c%0A\n"},
    {srsd::Reply::ok("\xC3\xA9@x"), "200 %C3%A9@x\n"},
    {srsd::Reply::notfound(), "500 Not found\n"},
    {srsd::Reply::perm("bad hash"), "500 bad%20hash\n"},
    {srsd::Reply::temp("store down"), "400 store%20down\n"},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(tcp_table)

BOOST_DATA_TEST_CASE(decode_request, bdata::make(decode_cases), c) {
    auto r = srsd::decode_tcp_table_request(c.line);
    std::string got = r ? "key:" + *r : "invalid";
    BOOST_TEST(got == c.want, c.line << ": got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(encode_reply, bdata::make(reply_cases), c) {
    auto got = srsd::tcp_table_reply(c.reply);
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_SUITE_END()
