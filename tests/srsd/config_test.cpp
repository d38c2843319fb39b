// Tests for srsd/src/config.cpp and config_table.cpp: pysrs.cfg keys and srsd's own
// into Settings (srs.md §8, §8a), and secrets files.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "config.hpp"
#include "mailsec/daemon/ini.hpp"
#include "support/paths.hpp"

namespace srsd = mailsec::srsd;
namespace daemon_ = mailsec::daemon;
namespace bdata = boost::unit_test::data;

namespace {
struct Case {
    std::string name;
    std::string ini;   // the [srs] section's lines
    std::string want;  // summary() of the settings, or "error:<part of the message>"
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : "|") + s;
    return out;
}

// The settings the cases look at, in one line.
std::string summary(const srsd::Settings& s) {
    std::vector<std::string> listen;
    for (const auto& l : s.listen) listen.push_back(l.text());
    std::string out = "listen=" + join(listen) + " secrets=" + join(s.config_secrets) +
                      " sep=" + std::string(1, s.options.separator) + " hl=" + std::to_string(*s.options.hash_length) +
                      " maxage=" + std::to_string(s.options.max_age);
    if (s.tcp_forward) out += " fwd=" + s.tcp_forward->text();
    if (s.tcp_reverse) out += " rev=" + s.tcp_reverse->text();
    if (!s.privileges.user.empty()) out += " user=" + s.privileges.user;
    if (s.maps.always_rewrite) out += " alwaysrewrite";
    if (s.limits.max_request != 10000) out += " max_request=" + std::to_string(s.limits.max_request);
    return out;
}

const std::string base = "secret = shhhh!\nfwdomain = example.org\n";
const std::string defaults = "listen=unix:/run/srsd/srsd.sock secrets=shhhh! sep== hl=4 maxage=21";

const Case cases[] = {
    {"minimal", base, defaults},
    {"pysrs socket replaces the default", base + "socket = /var/run/milter/pysrs\n",
     "listen=unix:/var/run/milter/pysrs secrets=shhhh! sep== hl=4 maxage=21"},
    {"listen and socket", base + "listen = inet:127.0.0.1:7777, inet:[::1]:7777\nsocket = /tmp/s\n",
     "listen=inet:127.0.0.1:7777|inet:[::1]:7777|unix:/tmp/s secrets=shhhh! sep== hl=4 maxage=21"},
    {"pysrs keys", base + "maxage = 8\nhashlength = 8\nseparator = +\n",
     "listen=unix:/run/srsd/srsd.sock secrets=shhhh! sep=+ hl=8 maxage=8"},
    {"quoted secret kept literally", "secret = \"x y\"\nfwdomain = example.org\n",
     "listen=unix:/run/srsd/srsd.sock secrets=\"x y\" sep== hl=4 maxage=21"},
    {"secret.N until one is missing", base + "secret.0 = a\nsecret.1 = b\nsecret.3 = d\n",
     "listen=unix:/run/srsd/srsd.sock secrets=shhhh!|a|b sep== hl=4 maxage=21"},
    {"tcp_table ports", base + "tcp_forward = 127.0.0.1:10001\ntcp_reverse = 127.0.0.1:10002\n",
     defaults + " fwd=inet:127.0.0.1:10001 rev=inet:127.0.0.1:10002"},
    {"own keys", base + "user = nobody\nalwaysrewrite = yes\nmax_request = 500\n",
     defaults + " user=nobody alwaysrewrite max_request=500"},
    {"no fwdomain", "secret = x\n", "error:fwdomain is required"},
    {"no secret", "fwdomain = example.org\n", "error:no secret"},
    {"hashlength 28", base + "hashlength = 28\n", "error:hashlength"},
    {"maxage 1024", base + "maxage = 1024\n", "error:maxage"},
    {"bad separator", base + "separator = x\n", "error:separator"},
    {"bad listen", base + "listen = tcp:1.2.3.4:5\n", "error:listen"},
    {"bad tcp_forward", base + "tcp_forward = nowhere\n", "error:tcp_forward"},
    {"hashmin above hashlength", base + "hashmin = 6\n", "error:hash"},
};

std::string load(const std::string& ini_text) {
    daemon_::Ini ini;
    if (auto st = ini.read_string("[srs]\n" + ini_text, "test.cfg"); !st) return "error:" + st.error().message;
    auto v = srsd::config_table().validate(ini);
    if (!v.ok()) return "error:" + v.error_text();
    auto s = srsd::settings_from(v.config);
    if (!s) return "error:" + s.error().message;
    return summary(*s);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_DATA_TEST_CASE(settings_from, bdata::make(cases), c) {
    auto got = load(c.ini);
    bool ok = c.want.starts_with("error:") ? got.starts_with("error:") && got.find(c.want.substr(6)) != std::string::npos
                                           : got == c.want;
    BOOST_TEST(ok, c.name << ": got " << got << ", want " << c.want);
}

struct SecretsCase {
    std::string text, want;
};
std::ostream& operator<<(std::ostream& os, const SecretsCase& c) { return os << c.want; }
const SecretsCase secrets_cases[] = {
    {"one\n", "one"},
    {"one\r\ntwo\r\n", "one|two"},
    {"\n\none\n\ntwo", "one|two"},
    {"with space \n", "with space "},
    {"", ""},
};

BOOST_DATA_TEST_CASE(parse_secrets_text, bdata::make(secrets_cases), c) {
    auto got = join(srsd::parse_secrets_text(c.text));
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(read_secrets_appends_the_file) {
    mailsec::testing::TempDir dir("srsd-config");
    mailsec::testing::write_file(dir.path() / "secrets", "filesecret\nolder\n");
    srsd::Settings s;
    s.config_secrets = {"cfg"};
    s.secrets_file = (dir.path() / "secrets").string();
    auto got = srsd::read_secrets(s);
    BOOST_TEST(got.ok());
    BOOST_TEST(join(*got) == "cfg|filesecret|older", "got " << join(*got));
    s.secrets_file = (dir.path() / "missing").string();
    BOOST_TEST(!srsd::read_secrets(s).ok(), "a missing secrets_file must be an error");
}

BOOST_AUTO_TEST_CASE(help_documents_every_key) {
    auto help = srsd::config_table().render_help();
    for (const auto& key : srsd::config_table().keys())
        BOOST_TEST(help.find(key.name) != std::string::npos, "--help lacks " << key.name);
}

BOOST_AUTO_TEST_SUITE_END()
