// Tests for srsd/src/netstring.cpp: socketmap framing (srs.md §7).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "netstring.hpp"

namespace srsd = mailsec::srsd;
namespace bdata = boost::unit_test::data;

namespace {

struct DecodeCase {
    std::string name;
    std::string input;
    std::string want;  // frames as "[payload]" then the final status word
};
std::ostream& operator<<(std::ostream& os, const DecodeCase& c) { return os << c.name; }

const DecodeCase decode_cases[] = {
    {"one", "3:abc,", "[abc] need_more"},
    {"two pipelined", "3:abc,4:defg,", "[abc] [defg] need_more"},
    {"empty payload", "0:,", "[] need_more"},
    {"leading zeros", "003:abc,", "[abc] need_more"},
    {"partial payload", "3:ab", "need_more"},
    {"partial length", "12", "need_more"},
    {"missing comma", "3:abcd", "malformed"},
    {"non-digit length", "x:abc,", "malformed"},
    {"empty length", ":abc,", "malformed"},
    {"space in length", "3 :abc,", "malformed"},
    {"too long", "10001:", "too_long"},
    {"too long before colon", "99999999", "too_long"},
    {"eleven digits", "00000000001:a,", "malformed"},
    {"max exactly", std::string("10000:") + std::string(10000, 'x') + ",", "[" + std::string(10000, 'x') + "] need_more"},
    {"binary payload", std::string("3:a\0b,", 6), std::string("[a\0b] need_more", 15)},
    {"good then bad", "1:a,zz", "[a] malformed"},
};

std::string status_word(srsd::Frame::Status s) {
    switch (s) {
        case srsd::Frame::Status::need_more: return "need_more";
        case srsd::Frame::Status::complete: return "complete";
        case srsd::Frame::Status::too_long: return "too_long";
        case srsd::Frame::Status::malformed: return "malformed";
    }
    return "?";
}

std::string decode_all(srsd::NetstringDecoder& d) {
    std::string got;
    for (;;) {
        auto f = d.next();
        if (f.status != srsd::Frame::Status::complete) return got + status_word(f.status);
        got += "[" + std::string(f.payload) + "] ";
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(netstring)

BOOST_DATA_TEST_CASE(decode_in_one_piece, bdata::make(decode_cases), c) {
    srsd::NetstringDecoder d(10000);
    d.append(c.input);
    auto got = decode_all(d);
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
}

BOOST_DATA_TEST_CASE(decode_byte_by_byte, bdata::make(decode_cases), c) {
    srsd::NetstringDecoder d(10000);
    std::string got;
    bool stopped = false;
    for (std::size_t i = 0; i < c.input.size() && !stopped; ++i) {
        d.append(std::string_view(c.input).substr(i, 1));
        for (auto f = d.next(); !stopped; f = d.next()) {
            if (f.status == srsd::Frame::Status::need_more) break;
            if (f.status == srsd::Frame::Status::complete) {
                got += "[" + std::string(f.payload) + "] ";
                continue;
            }
            got += status_word(f.status);
            stopped = true;
        }
    }
    if (!stopped) got += "need_more";
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
}

struct EncodeCase {
    std::string payload, want;
};
std::ostream& operator<<(std::ostream& os, const EncodeCase& c) { return os << c.payload; }
const EncodeCase encode_cases[] = {
    {"", "0:,"},
    {"NOTFOUND ", "9:NOTFOUND ,"},
    {"OK mouse@orig.com", "17:OK mouse@orig.com,"},
};

BOOST_DATA_TEST_CASE(encode, bdata::make(encode_cases), c) {
    auto got = srsd::encode_netstring(c.payload);
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_SUITE_END()
