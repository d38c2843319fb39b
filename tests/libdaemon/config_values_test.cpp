// Tests for libdaemon/src/config_values.cpp: one value of each key type, ranges and
// the canonical printed form.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "mailsec/daemon/config.hpp"

namespace md = mailsec::daemon;
namespace bdata = boost::unit_test::data;
using md::KeyType;

namespace {

struct ValueCase {
    std::string name;
    md::KeySpec spec;
    std::string text;
    std::string want;  // format_value() of the result, or "error:<code>"
};
std::ostream& operator<<(std::ostream& os, const ValueCase& c) { return os << c.name; }

md::KeySpec typed(KeyType t) { return md::KeySpec{.section = "s", .name = "k", .type = t}; }
md::KeySpec ranged(KeyType t, std::int64_t lo, std::int64_t hi) {
    return md::KeySpec{.section = "s", .name = "k", .type = t, .min = lo, .max = hi};
}
const md::KeySpec policy{.section = "milter",
                         .name = "untrapped_exception",
                         .type = KeyType::enumeration,
                         .choices = {"CONTINUE", "REJECT", "TEMPFAIL", "ACCEPT"}};

const ValueCase value_cases[] = {
    {"string literal", typed(KeyType::string), "\"a b\"", "\"a b\""},
    {"path", typed(KeyType::path), "/etc/mail/x", "/etc/mail/x"},
    {"empty path unset", typed(KeyType::path), "", ""},
    {"integer", typed(KeyType::integer), "42", "42"},
    {"negative integer", typed(KeyType::integer), "-7", "-7"},
    {"plus sign", typed(KeyType::integer), "+7", "7"},
    {"integer junk", typed(KeyType::integer), "4x", "error:bad-value"},
    {"integer empty", typed(KeyType::integer), "", "error:bad-value"},
    {"integer overflow", typed(KeyType::integer), "99999999999999999999", "error:bad-value"},
    {"integer in range", ranged(KeyType::integer, 0, 1023), "1023", "1023"},
    {"integer above max", ranged(KeyType::integer, 0, 1023), "1024", "error:out-of-range"},
    {"integer below min", ranged(KeyType::integer, 1, 10), "0", "error:out-of-range"},
    {"bool yes", typed(KeyType::boolean), "yes", "yes"},
    {"bool TRUE", typed(KeyType::boolean), "TRUE", "yes"},
    {"bool on", typed(KeyType::boolean), "on", "yes"},
    {"bool 1", typed(KeyType::boolean), "1", "yes"},
    {"bool no", typed(KeyType::boolean), "No", "no"},
    {"bool false", typed(KeyType::boolean), "false", "no"},
    {"bool off", typed(KeyType::boolean), "off", "no"},
    {"bool 0", typed(KeyType::boolean), "0", "no"},
    {"bool junk", typed(KeyType::boolean), "maybe", "error:bad-value"},
    {"bool 2", typed(KeyType::boolean), "2", "error:bad-value"},
    {"duration seconds", typed(KeyType::duration), "1800", "1800"},
    {"duration s", typed(KeyType::duration), "90s", "90"},
    {"duration m", typed(KeyType::duration), "30m", "1800"},
    {"duration h", typed(KeyType::duration), "2H", "7200"},
    {"duration d", typed(KeyType::duration), "1d", "86400"},
    {"duration w", typed(KeyType::duration), "1w", "604800"},
    {"duration unit only", typed(KeyType::duration), "s", "error:bad-value"},
    {"duration bad unit", typed(KeyType::duration), "5y", "error:bad-value"},
    {"duration negative", typed(KeyType::duration), "-5", "error:bad-value"},
    {"duration max", ranged(KeyType::duration, 1, 3600), "2h", "error:out-of-range"},
    {"mode leading zero octal", typed(KeyType::mode), "0177", "0177"},
    {"mode 0o", typed(KeyType::mode), "0o177", "0177"},
    {"mode 0O", typed(KeyType::mode), "0O660", "0660"},
    {"mode hex", typed(KeyType::mode), "0x7f", "0177"},
    {"mode decimal", typed(KeyType::mode), "127", "0177"},
    {"mode zero", typed(KeyType::mode), "0", "0000"},
    {"mode 0660", typed(KeyType::mode), "0660", "0660"},
    {"mode bad octal digit", typed(KeyType::mode), "0789", "error:bad-value"},
    {"mode too big", typed(KeyType::mode), "0o77777", "error:out-of-range"},
    {"mode junk", typed(KeyType::mode), "rw-", "error:bad-value"},
    {"list", typed(KeyType::list), " a , b,c ", "a, b, c"},
    {"list newlines", typed(KeyType::list), "a,\nb\nc", "a, b, c"},
    {"list empty items", typed(KeyType::list), ",a,,", "a"},
    {"list empty", typed(KeyType::list), "", ""},
    {"enum exact", policy, "REJECT", "REJECT"},
    {"enum any case", policy, "tempfail", "TEMPFAIL"},
    {"enum bad", policy, "DISCARD", "error:bad-value"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(config_values)

BOOST_DATA_TEST_CASE(parse_and_format, bdata::make(value_cases), c) {
    auto v = md::parse_value(c.spec, c.text);
    std::string got = v ? md::format_value(c.spec, *v) : "error:" + v.error().code;
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
    if (!v) BOOST_TEST(!v.error().message.empty());
}

BOOST_AUTO_TEST_CASE(range_message_names_the_range) {
    auto v = md::parse_value(ranged(KeyType::integer, 0, 1023), "2000");
    BOOST_REQUIRE(!v);
    std::string want = "2000 is out of range 0..1023";
    BOOST_TEST(v.error().message == want, "got " << v.error().message << ", want " << want);
}

BOOST_AUTO_TEST_CASE(type_names) {
    BOOST_TEST(md::key_type_name(KeyType::mode) == "mode");
    BOOST_TEST(md::key_type_name(KeyType::enumeration) == "enum");
}

BOOST_AUTO_TEST_SUITE_END()
