// Tests for spfmilter/src/config.cpp: an existing Python spfmilter.cfg reads
// unchanged, mailsec's additions and decisions (milter.md §3.3, §3.5, §3.6).
#include <boost/test/unit_test.hpp>

#include <string>

#include "config.hpp"
#include "help.hpp"
#include "mailsec/daemon/ini.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace sm = mailsec::spfmilter;
namespace ts = mailsec::testing;
namespace md = mailsec::daemon;

namespace {

// The file the Python package ships, keys and comments as there.
const char* kPythonCfg = R"([milter]
# the socket used to communicate with sendmail.  Must match sendmail.cf
socketname=/var/run/milter/spfmiltersock
# where to save quarantined messages
;datadir=/var/lib/milter
# name of filter, used by sendmail.cf
name=pyspffilter
# connection ips and hostnames are matched against this glob style list
# to recognize internal senders
internal_connect = 127.0.0.1,192.168.0.0/16,10.0.0.0/8
trusted_relay =
untrapped_exception = CONTINUE
umask = 0o007

[spf]
# namespace where SPF records can be supplied for domains without one
#delegate = spf.example.com
#best_guess = true
access_file = /etc/mail/access.db
access_file_nulls = true
trusted_relay = fwd.example.net
)";

sm::Settings settings_of(const std::string& text) {
    md::Ini ini;
    auto st = ini.read_string(text, "test.cfg");
    BOOST_REQUIRE_MESSAGE(st.ok(), (st.ok() ? std::string() : st.error().message));
    auto v = sm::config_table().validate(ini);
    BOOST_REQUIRE_MESSAGE(v.ok(), v.error_text());
    auto s = sm::make_settings(v.config);
    BOOST_REQUIRE_MESSAGE(s.ok(), (s.ok() ? std::string() : s.error().message));
    return *s;
}

std::string error_of(const std::string& text) {
    md::Ini ini;
    if (auto st = ini.read_string(text, "test.cfg"); !st) return st.error().message;
    auto v = sm::config_table().validate(ini);
    if (!v.ok()) return v.error_text();
    auto s = sm::make_settings(v.config);
    return s ? "" : s.error().message;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(python_spfmilter_cfg_reads_unchanged) {
    auto s = settings_of(kPythonCfg);
    BOOST_TEST(s.socket == "/var/run/milter/spfmiltersock");
    BOOST_TEST(s.name == "pyspffilter");
    BOOST_TEST((s.internal_connect == std::vector<std::string>{"127.0.0.1", "192.168.0.0/16", "10.0.0.0/8"}));
    BOOST_TEST(s.umask == 07u);
    BOOST_TEST(s.access_file.value_or("") == "/etc/mail/access.db");
    BOOST_TEST(s.separator == ':');
    BOOST_TEST((s.trusted_forwarders == std::vector<std::string>{"fwd.example.net"}));  // [spf] trusted_relay fallback
    BOOST_TEST(!s.best_guess);
    BOOST_TEST((s.exception_policy == mailsec::milter::ExceptionPolicy::Continue));
}

BOOST_AUTO_TEST_CASE(defaults) {
    auto s = settings_of("");
    BOOST_TEST(s.socket == "/var/run/milter/spfmiltersock");
    BOOST_TEST(s.umask == 0177u);
    BOOST_TEST(s.timeout.count() == 240);
    BOOST_TEST(s.lookup_time.count() == 20);
    BOOST_TEST(s.received_spf);
    BOOST_TEST(s.authentication_results);
    BOOST_TEST(s.remove_forged_ar);
    BOOST_TEST(!s.dry_run);
    BOOST_TEST(!s.access_file);
    BOOST_TEST(s.nameservers.empty());
    BOOST_TEST(s.dns_timeout.count() == 5);
    BOOST_TEST(s.dns_retries == 2);
}

BOOST_AUTO_TEST_CASE(umask_forms) {
    for (const char* v : {"0177", "0o177", "0x7f", "127"})
        BOOST_TEST(settings_of(std::string("[milter]\numask = ") + v + "\n").umask == 0177u, v);
}

BOOST_AUTO_TEST_CASE(untrapped_exception_values) {
    using P = mailsec::milter::ExceptionPolicy;
    BOOST_TEST((settings_of("[milter]\nuntrapped_exception = tempfail\n").exception_policy == P::Tempfail));
    BOOST_TEST((settings_of("[milter]\nuntrapped_exception = Reject\n").exception_policy == P::Reject));
    BOOST_TEST((settings_of("[milter]\nuntrapped_exception = ACCEPT\n").exception_policy == P::Accept));
    BOOST_TEST(error_of("[milter]\nuntrapped_exception = maybe\n").find("test.cfg:2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(colon_and_forwarders) {
    auto s = settings_of("[spf]\naccess_file_colon = false\ntrusted_forwarder = a.example, b.example\n"
                         "trusted_relay = ignored.example\n");
    BOOST_TEST(s.separator == '!');
    BOOST_TEST((s.trusted_forwarders == std::vector<std::string>{"a.example", "b.example"}));
}

BOOST_AUTO_TEST_CASE(best_guess_values_and_milter_alias) {
    BOOST_TEST(settings_of("[spf]\nbest_guess = true\n").best_guess.value_or("") == "v=spf1 a/24 mx/24 ptr");
    BOOST_TEST(settings_of("[milter]\nbest_guess = yes\n").best_guess.value_or("") == "v=spf1 a/24 mx/24 ptr");
    BOOST_TEST(settings_of("[spf]\nbest_guess = v=spf1 mx -all\n").best_guess.value_or("") == "v=spf1 mx -all");
    BOOST_TEST(!settings_of("[spf]\nbest_guess = false\n").best_guess);
    BOOST_TEST(error_of("[spf]\nbest_guess = v=spf1 foo:bar\n").find("best_guess") != std::string::npos);
    BOOST_TEST(error_of("[spf]\nbest_guess = perhaps\n").find("best_guess") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(mailsec_additions) {
    auto s = settings_of("[milter]\nauthserv_id = mx.example.org\ndry_run = yes\ntimeout = 2m\nsocket_mode = 0660\n"
                         "user = nobody\n[spf]\nreceived_spf = no\nlookup_time = 5\n"
                         "[dns]\nnameservers = 127.0.0.1:5353, [::1]:5353\ntimeout = 2\nretries = 1\n");
    BOOST_TEST(s.authserv_id.value_or("") == "mx.example.org");
    BOOST_TEST(s.dry_run);
    BOOST_TEST(s.timeout.count() == 120);
    BOOST_TEST(s.socket_mode.value_or(0) == 0660u);
    BOOST_TEST(s.user == "nobody");
    BOOST_TEST(!s.received_spf);
    BOOST_TEST(s.lookup_time.count() == 5);
    BOOST_TEST((s.nameservers == std::vector<std::string>{"127.0.0.1:5353", "[::1]:5353"}));
    BOOST_TEST(s.dns_retries == 1);
}

BOOST_AUTO_TEST_CASE(search_path_is_the_python_one) {
    auto p = sm::default_search_path();
    BOOST_REQUIRE_EQUAL(p.size(), 3u);
    BOOST_TEST(p[0] == "spfmilter.cfg");
    BOOST_TEST(p[1] == "/etc/mail/spfmilter.cfg");
    BOOST_TEST(p[2] == "/etc/postfix/spfmilter.cfg");
}

BOOST_AUTO_TEST_CASE(help_documents_every_key) {
    auto help = sm::help_text();
    for (const auto& k : sm::config_table().keys())
        BOOST_TEST(help.find(k.name) != std::string::npos, "--help lacks " << k.name);
    BOOST_TEST(help.find("--check-config") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(binary_check_config) {
    ts::TempDir dir("spfmilter-cfg");
    auto bin = (ts::bin_dir() / "spfmilter").string();
    ts::write_file(dir.path() / "access", "SPF-Fail: REJECT\n");
    ts::write_file(dir.path() / "good.cfg", "[milter]\nsocketname = inet:1@127.0.0.1\ndatadir = " + dir.path().string() +
                                                "\nlog = stderr\n[spf]\naccess_file = access\n[dns]\nnameservers = 127.0.0.1\n");
    auto ok = ts::run({bin, "--config", (dir.path() / "good.cfg").string(), "--check-config"});
    BOOST_TEST(ok.exit_code == 0, ok.err);
    BOOST_TEST(ok.out.find("access_file = access") != std::string::npos, ok.out);
    ts::write_file(dir.path() / "bad.cfg", "[milter]\numask = 0999\n[dns]\nnameservers = 127.0.0.1\n");
    auto bad = ts::run({bin, "-c", (dir.path() / "bad.cfg").string(), "--check-config"});
    BOOST_TEST(bad.exit_code == 1);
    BOOST_TEST(bad.err.find("bad.cfg:2") != std::string::npos, bad.err);
    ts::write_file(dir.path() / "nomap.cfg", "[spf]\naccess_file = /nonexistent/access.db\n[dns]\nnameservers = 127.0.0.1\n");
    auto nomap = ts::run({bin, "-c", (dir.path() / "nomap.cfg").string(), "--check-config"});
    BOOST_TEST(nomap.exit_code == 1);
    BOOST_TEST(nomap.err.find("access_file") != std::string::npos, nomap.err);
    auto help = ts::run({bin, "--help"});
    BOOST_TEST(help.exit_code == 0);
    BOOST_TEST(help.out.find("SYNOPSIS") != std::string::npos);
    BOOST_TEST(ts::run({bin, "--bogus"}).exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()
