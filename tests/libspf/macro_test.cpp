// Tests for libspf/src/macro.cpp: RFC 7208 §7 grammar, expansion, transformers and
// truncation (the §7.4 examples among them).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "mailsec/spf/macro.hpp"

namespace spf = mailsec::spf;
namespace bdata = boost::unit_test::data;

namespace {

spf::MacroValues example_values(const std::string& ip) {
    spf::MacroValues v;
    v.sender = "strong-bad@email.example.com";
    v.local_part = "strong-bad";
    v.sender_domain = "email.example.com";
    v.domain = "email.example.com";
    v.helo = "mx.example.org";
    v.receiver = "receiver.example.net";
    v.client = *spf::IpAddress::parse(ip);
    v.now = 1700000000;
    v.validated_name = [] { return mailsec::core::Result<std::string>(std::string("mx.example.com")); };
    return v;
}

struct ExpandCase {
    std::string text;
    std::string ip;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const ExpandCase& c) { return os << "'" << c.text << "'"; }

const ExpandCase expand_cases[] = {
    // RFC 7208 §7.4
    {"%{s}", "192.0.2.3", "strong-bad@email.example.com"},
    {"%{o}", "192.0.2.3", "email.example.com"},
    {"%{d}", "192.0.2.3", "email.example.com"},
    {"%{d4}", "192.0.2.3", "email.example.com"},
    {"%{d3}", "192.0.2.3", "email.example.com"},
    {"%{d2}", "192.0.2.3", "example.com"},
    {"%{d1}", "192.0.2.3", "com"},
    {"%{dr}", "192.0.2.3", "com.example.email"},
    {"%{d2r}", "192.0.2.3", "example.email"},
    {"%{l}", "192.0.2.3", "strong-bad"},
    {"%{l-}", "192.0.2.3", "strong.bad"},
    {"%{lr}", "192.0.2.3", "strong-bad"},
    {"%{lr-}", "192.0.2.3", "bad.strong"},
    {"%{l1r-}", "192.0.2.3", "strong"},
    {"%{ir}.%{v}._spf.%{d2}", "192.0.2.3", "3.2.0.192.in-addr._spf.example.com"},
    {"%{lr-}.lp._spf.%{d2}", "192.0.2.3", "bad.strong.lp._spf.example.com"},
    {"%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "192.0.2.3", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"},
    {"%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "192.0.2.3", "3.2.0.192.in-addr.strong.lp._spf.example.com"},
    {"%{d2}.trusted-domains.example.net", "192.0.2.3", "example.com.trusted-domains.example.net"},
    {"%{ir}.%{v}._spf.%{d2}", "2001:db8::cb01",
     "1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6._spf.example.com"},
    // escapes, case, several delimiters, exp-only letters
    {"%%%_%-", "192.0.2.3", "% %20"},
    {"%{L}", "192.0.2.3", "strong-bad"},
    {"%{S}", "192.0.2.3", "strong-bad%40email.example.com"},
    {"%{D2R}", "192.0.2.3", "example.email"},
    {"%{l2r+-}", "192.0.2.3", "bad.strong"},
    {"%{d999999999999}", "192.0.2.3", "email.example.com"},
    {"%{c}", "2001:db8::cb01", "2001:db8::cb01"},
    {"%{c} %{r} %{t}", "192.0.2.3", "192.0.2.3 receiver.example.net 1700000000"},
    {"%{v}", "::ffff:192.0.2.3", "in-addr"},
    {"%{p}", "192.0.2.3", "mx.example.com"},
    {"%{h}", "192.0.2.3", "mx.example.org"},
};

struct SyntaxCase {
    std::string text;
    spf::MacroContext context;
    bool valid;
};
std::ostream& operator<<(std::ostream& os, const SyntaxCase& c) {
    return os << "'" << c.text << "' context " << static_cast<int>(c.context);
}

const auto D = spf::MacroContext::domain_spec;
const auto E = spf::MacroContext::explanation;
const auto M = spf::MacroContext::modifier;

const SyntaxCase syntax_cases[] = {
    {"%{d}", D, true},       {"%{d2r+-.}", D, true}, {"%{c}", D, false},  {"%{r}", D, false},
    {"%{t}", D, false},      {"%{c}", E, true},      {"%{t}", M, true},   {"%{a}", D, false},
    {"%{d0}", D, false},     {"%{d", D, false},      {"%", D, false},     {"abc%", D, false},
    {"%abc", M, false},      {"%{}", D, false},      {"%{dx}", D, false}, {"%{d2r2}", D, false},
    {"a b", D, false},       {"a b", E, true},       {"a\tb", E, false},  {std::string("a\0b", 3), D, false},
    {"foo%%bar", D, true},   {"%{1}", D, false},     {"", D, true},       {"%{ir}.%{V}", D, true},
};

struct DomainSpecCase {
    std::string text;
    bool valid;
};
std::ostream& operator<<(std::ostream& os, const DomainSpecCase& c) { return os << "'" << c.text << "'"; }
const DomainSpecCase domain_spec_cases[] = {
    {"example.com", true},     {"example.com.", true},       {"foo:bar/baz.example.com", true},
    {"%{d}", true},            {"foo.%{d}", true},           {"%{d}.example.xn--zckzah", true},
    {"example.1-2", true},     {"a-b.c-d", true},            {"foo-bar", false},
    {"example.com:8080", false}, {"111.222.33.44", false},   {"abc.123", false},
    {"example.-com", false},   {"example.com-", false},      {"museum", false},
    {"museum.", false},        {"", false},                  {"%{d}com", false},
    {"%{d}.", false},          {"foo.%%", true},             {"ip5.example.com/24", false},
    {std::string("example.com\0", 12), false},               {"example..com", true},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(macro)

BOOST_DATA_TEST_CASE(expand, bdata::make(expand_cases), c) {
    auto parsed = spf::parse_macro_string(c.text, spf::MacroContext::explanation);
    BOOST_REQUIRE_MESSAGE(parsed.ok(), "parse '" << c.text << "' failed");
    auto got = spf::expand(*parsed, example_values(c.ip));
    BOOST_REQUIRE(got.ok());
    BOOST_TEST(*got == c.want, "got '" << *got << "', want '" << c.want << "'");
}

BOOST_DATA_TEST_CASE(syntax, bdata::make(syntax_cases), c) {
    auto got = spf::parse_macro_string(c.text, c.context);
    BOOST_TEST(got.ok() == c.valid, "got valid=" << got.ok() << ", want " << c.valid);
}

BOOST_DATA_TEST_CASE(domain_spec, bdata::make(domain_spec_cases), c) {
    auto got = spf::parse_domain_spec(c.text);
    BOOST_TEST(got.ok() == c.valid, "got valid=" << got.ok() << ", want " << c.valid);
}

BOOST_AUTO_TEST_CASE(url_escape_of_uppercase_macro) {
    auto v = example_values("192.0.2.3");
    v.local_part = "~jack&jill=up-a_b3.c";
    auto got = spf::expand(*spf::parse_macro_string("%{L}", spf::MacroContext::domain_spec), v);
    BOOST_TEST(*got == "~jack%26jill%3Dup-a_b3.c");
}

BOOST_AUTO_TEST_CASE(truncation_drops_whole_left_labels) {
    auto v = example_values("192.0.2.3");
    std::string local;
    for (int i = 0; i < 40; ++i) local += "abcdefgh.";
    local += "x";
    v.local_part = local;  // 361 octets
    auto got = spf::expand_domain_spec(*spf::parse_domain_spec("%{l}.example.com."), v);
    BOOST_REQUIRE(got.ok());
    BOOST_TEST(got->size() <= 253u, "got " << got->size() << " octets, want <= 253");
    BOOST_TEST(got->size() > 243u, "got " << got->size() << " octets, want only whole labels dropped");
    BOOST_TEST(got->substr(got->size() - 14) == ".x.example.com");
    BOOST_TEST(got->front() == 'a');
}

BOOST_AUTO_TEST_CASE(expansion_is_bounded) {
    auto v = example_values("192.0.2.3");
    std::string local(1000, 'a');
    v.local_part = local;
    std::string text;
    for (int i = 0; i < 100; ++i) text += "%{l}";
    auto got = spf::expand(*spf::parse_macro_string(text, spf::MacroContext::explanation), v);
    BOOST_TEST(!got.ok(), "got an expansion of " << (got ? got->size() : 0) << " octets, want an error");
}

BOOST_AUTO_TEST_CASE(p_error_aborts_expansion) {
    auto v = example_values("192.0.2.3");
    v.validated_name = [] { return mailsec::core::Result<std::string>(mailsec::core::make_error("limit", "x")); };
    auto got = spf::expand(*spf::parse_domain_spec("%{p}.example.com"), v);
    BOOST_TEST(!got.ok());
}

BOOST_AUTO_TEST_SUITE_END()
