// Tests for libsrs/src/options.cpp: ranges checked at construction (srs.md §1, §10).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <ostream>
#include <string>

#include "helpers.hpp"
#include "mailsec/srs/options.hpp"

namespace srs = mailsec::srs;
namespace bdata = boost::unit_test::data;

namespace {

struct OptionCase {
    std::string name;
    std::function<void(srs::Options&)> change;
    srs::SchemeKind kind;
    std::string want;  // "ok:<hashlength>/<hashmin>" or "error:<code>"
};
std::ostream& operator<<(std::ostream& os, const OptionCase& c) { return os << c.name; }

const OptionCase option_cases[] = {
    {"defaults", [](srs::Options&) {}, srs::SchemeKind::guarded, "ok:4/4"},
    {"db default hash", [](srs::Options&) {}, srs::SchemeKind::database, "ok:24/24"},
    {"hashmin below length", [](srs::Options& o) { o.hash_length = 8; o.hash_min = 4; }, srs::SchemeKind::guarded, "ok:8/4"},
    {"hashlength 27", [](srs::Options& o) { o.hash_length = 27; }, srs::SchemeKind::guarded, "ok:27/27"},
    {"hashlength 28 (fw-09)", [](srs::Options& o) { o.hash_length = 28; }, srs::SchemeKind::guarded, "error:bad-config"},
    {"hashlength 0", [](srs::Options& o) { o.hash_length = 0; }, srs::SchemeKind::guarded, "error:bad-config"},
    {"hashmin above length", [](srs::Options& o) { o.hash_min = 5; }, srs::SchemeKind::guarded, "error:bad-config"},
    {"hashmin 0", [](srs::Options& o) { o.hash_min = 0; }, srs::SchemeKind::guarded, "error:bad-config"},
    {"maxage 0", [](srs::Options& o) { o.max_age = 0; }, srs::SchemeKind::guarded, "ok:4/4"},
    {"maxage 1024", [](srs::Options& o) { o.max_age = 1024; }, srs::SchemeKind::guarded, "error:bad-config"},
    {"maxage -1", [](srs::Options& o) { o.max_age = -1; }, srs::SchemeKind::guarded, "error:bad-config"},
    {"separator +", [](srs::Options& o) { o.separator = '+'; }, srs::SchemeKind::guarded, "ok:4/4"},
    {"separator x", [](srs::Options& o) { o.separator = 'x'; }, srs::SchemeKind::guarded, "error:bad-config"},
    {"tag too short", [](srs::Options& o) { o.tag0 = "SRS"; }, srs::SchemeKind::guarded, "error:bad-config"},
    {"tag not alnum", [](srs::Options& o) { o.tag1 = "SR-1"; }, srs::SchemeKind::guarded, "error:bad-config"},
    {"no secret", [](srs::Options& o) { o.secrets.clear(); }, srs::SchemeKind::guarded, "error:no-secret"},
    {"empty secret", [](srs::Options& o) { o.secrets.push_back(""); }, srs::SchemeKind::guarded, "error:no-secret"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(options)

BOOST_DATA_TEST_CASE(validate, bdata::make(option_cases), c) {
    auto o = srs_test::options();
    c.change(o);
    auto r = srs::validate(o, c.kind);
    auto got = srs_test::outcome(r, [](const srs::CheckedOptions& v) {
        return std::to_string(v.hash_length) + "/" + std::to_string(v.hash_min);
    });
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
    if (!r) BOOST_TEST(!r.error().message.empty());
}

BOOST_AUTO_TEST_CASE(parse_scheme_names) {
    BOOST_TEST((srs::parse_scheme("Guarded") == srs::SchemeKind::guarded));
    BOOST_TEST((srs::parse_scheme("db") == srs::SchemeKind::database));
    BOOST_TEST((srs::parse_scheme("shortcut") == srs::SchemeKind::shortcut));
    BOOST_TEST((srs::parse_scheme("reversible") == srs::SchemeKind::reversible));
    BOOST_TEST(!srs::parse_scheme("srs2").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
