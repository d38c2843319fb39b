// libspf over real DNS: rfc7208 suite scenarios served by ldns-testns on 127.0.0.1
// (dns-mime.md A4), evaluated through dns::LdnsResolver, must give the suite's
// preferred results and explanations (issue 3); and spfquery end to end against
// such a server and with --zone (spf.md §6).
#define BOOST_TEST_MODULE libspf_dns
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "../../libspf/tools/suite.hpp"
#include "mailsec/core/clock.hpp"
#include "mailsec/dns/ldns_resolver.hpp"
#include "mailsec/spf/checker.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"
#include "testns_zone.hpp"

namespace spf = mailsec::spf;
namespace dns = mailsec::dns;
namespace testing = mailsec::testing;
namespace bdata = boost::unit_test::data;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::optional<fs::path> suite_file() {
    auto shared = testing::shared_dir();
    if (!shared || !fs::exists(*shared / "spf-suites/rfc7208-tests.yml")) return std::nullopt;
    return *shared / "spf-suites/rfc7208-tests.yml";
}

boost::test_tools::assertion_result prerequisites(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result ok(true);
    if (!testing::find_program("ldns-testns")) {
        ok = false;
        ok.message() << "skipped: ldns-testns is not installed (package ldnsutils)";
    } else if (!suite_file()) {
        ok = false;
        ok.message() << "skipped: spf-suites/rfc7208-tests.yml not found (set MAILSEC_SHARED_DIR)";
    }
    return ok;
}

// ldns-testns serving one scenario's zonedata; stopped by pid on destruction.
class Testns {
public:
    explicit Testns(const std::string& scenario) {
        auto zone = spf::suite::load_zone(suite_file()->string(), scenario);
        if (!zone) throw std::runtime_error("load_zone: " + zone.error().message);
        auto datafile = dir_.path() / "scenario.testns";
        testing::write_file(datafile, testing::testns_datafile(*zone));
        for (int attempt = 0; attempt < 5; ++attempt) {
            port_ = testing::free_port();
            auto log = dir_.path() / ("testns-" + std::to_string(attempt) + ".log");
            process_ = std::make_unique<testing::Process>(
                std::vector<std::string>{"ldns-testns", "-p", std::to_string(port_), datafile.string()}, log);
            if (process_->wait_for_output("Listening on port", 5s)) return;
            process_.reset();  // the port was taken meanwhile: try another
        }
        throw std::runtime_error("ldns-testns did not start");
    }
    std::string server() const { return "127.0.0.1:" + std::to_string(port_); }

private:
    testing::TempDir dir_{"mailsec-spf-testns"};
    int port_ = 0;
    std::unique_ptr<testing::Process> process_;
};

std::unique_ptr<dns::LdnsResolver> resolver_for(const Testns& server) {
    dns::LdnsOptions options;
    options.nameservers = {server.server()};
    options.timeout = 2000ms;
    options.retries = 1;
    auto r = dns::LdnsResolver::create(options);
    if (!r) throw std::runtime_error("LdnsResolver: " + r.error().message);
    return std::move(*r);
}

// Scenarios whose owners a zone file can carry (the macro scenario's owners hold
// spaces and '%'; "Initial processing" and "A/MX mechanism syntax" serve bytes and
// names that only the in-memory zone can).
const std::string scenarios[] = {
    "Record lookup",
    "Selecting records",
    "Record evaluation",
    "ALL mechanism syntax",
    "PTR mechanism syntax",
    "Include mechanism semantics and syntax",
    "EXISTS mechanism syntax",
    "IP4 mechanism syntax",
    "IP6 mechanism syntax",
    "Semantics of exp and other modifiers",
    "Processing limits",
    "Test cases from implementation bugs",
};

const spf::suite::Scenario* find_scenario(const std::vector<spf::suite::Scenario>& all, const std::string& name) {
    for (const auto& s : all)
        if (s.name == name) return &s;
    return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(suite_over_ldns, *boost::unit_test::precondition(prerequisites))

BOOST_DATA_TEST_CASE(scenario_gives_suite_results, bdata::make(scenarios), name) {
    auto all = spf::suite::load_suite(suite_file()->string());
    BOOST_REQUIRE_MESSAGE(all.ok(), "load_suite: " << (all ? "" : all.error().message));
    const auto* scenario = find_scenario(*all, name);
    BOOST_REQUIRE_MESSAGE(scenario, "scenario '" << name << "' not in the suite");
    BOOST_REQUIRE(!scenario->tests.empty());

    Testns server(name);
    auto resolver = resolver_for(server);
    const mailsec::core::ManualClock clock(std::chrono::system_clock::time_point{std::chrono::seconds{1'700'000'000}});
    spf::Options options;
    options.default_explanation = "DEFAULT";  // spf.md §7, as spf-suite
    options.limits.per_lookup = 3000ms;
    spf::Checker checker(*resolver, options, clock);
    for (const auto& t : scenario->tests) {
        auto ip = spf::IpAddress::parse(t.host);
        BOOST_REQUIRE_MESSAGE(ip.ok(), t.name << ": bad host " << t.host);
        spf::Outcome o = t.mailfrom.empty() ? checker.check_helo(*ip, t.helo)
                                            : checker.check_mailfrom(*ip, t.mailfrom, t.helo);
        std::string got(spf::to_string(o.result));
        BOOST_TEST(got == t.results.front(), t.name << ": got " << got << ", want " << t.results.front() << " ("
                                                    << o.reason << (o.problem.empty() ? "" : ": " + o.problem) << ")");
        if (t.explanation)
            BOOST_TEST(o.explanation == *t.explanation,
                       t.name << ": got explanation '" << o.explanation << "', want '" << *t.explanation << "'");
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------

namespace {

fs::path spfquery() { return testing::bin_dir() / "spfquery"; }

struct ToolCase {
    std::string name;
    std::vector<std::string> args;  // after the DNS source (--server or --zone)
    int exit_code;
    std::string out;
};

// "Semantics of exp and other modifiers": e1..e3 records, exp texts, a redirect.
const ToolCase server_cases[] = {
    {"fail with exp text (libspf2 single-dash options)",
     {"-ip=1.2.3.4", "-sender=foo@e3.example.com", "-helo=mail.example.com"},
     3,
     "fail\n"
     "See me.\n"
     "spfquery: domain of e3.example.com does not designate 1.2.3.4 as permitted sender\n"
     "Received-SPF: Fail (spfquery: domain of e3.example.com does not designate 1.2.3.4 as permitted sender) "
     "client-ip=1.2.3.4; envelope-from=\"foo@e3.example.com\"; helo=mail.example.com; receiver=spfquery; "
     "mechanism=-all; identity=mailfrom\n"},
    {"permerror (GNU options, separate values)",
     {"--ip", "1.2.3.4", "--sender", "foo@e12.example.com", "--helo", "mail.example.com", "--name", "mx.example.org"},
     7,
     "permerror\n"
     "SPF Permanent Error: Invalid domain found: exp=\n"
     "mx.example.org: permanent error in processing domain of e12.example.com: Invalid domain found\n"
     "Received-SPF: PermError (mx.example.org: permanent error in processing domain of e12.example.com: Invalid "
     "domain found) client-ip=1.2.3.4; envelope-from=\"foo@e12.example.com\"; helo=mail.example.com; "
     "receiver=mx.example.org; problem=exp=; identity=mailfrom\n"},
    {"default explanation replaced",
     {"--ip=1.2.3.4", "--sender=foo@e1.example.com", "--helo=mail.example.com", "--default-explanation=Go away"},
     3,
     "fail\n"
     "Go away\n"
     "spfquery: domain of e1.example.com does not designate 1.2.3.4 as permitted sender\n"
     "Received-SPF: Fail (spfquery: domain of e1.example.com does not designate 1.2.3.4 as permitted sender) "
     "client-ip=1.2.3.4; envelope-from=\"foo@e1.example.com\"; helo=mail.example.com; receiver=spfquery; "
     "mechanism=-all; identity=mailfrom\n"},
    {"HELO identity, no record",
     {"-ip=1.2.3.4", "-helo=mail.example.com"},
     5,
     "none\n"
     "\n"
     "spfquery: 1.2.3.4 is neither permitted nor denied by domain of mail.example.com\n"
     "Received-SPF: None (spfquery: 1.2.3.4 is neither permitted nor denied by domain of mail.example.com) "
     "client-ip=1.2.3.4; helo=mail.example.com; receiver=spfquery; identity=helo\n"},
    {"local policy matches", {"-ip=1.2.3.4", "-sender=foo@e7.example.com", "-local=ip4:1.2.3.4"}, 2, ""},
    {"invalid IP address", {"-ip=1.2.3", "-sender=foo@e3.example.com"}, 255, "Invalid IP address.\n"},
    {"missing sender and helo", {"-ip=1.2.3.4"}, 255, ""},
    {"unknown option", {"-ip=1.2.3.4", "-sender=a@b.example", "--bogus=1"}, 255, ""},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(spfquery_tool, *boost::unit_test::precondition(prerequisites))

BOOST_AUTO_TEST_CASE(against_ldns_testns) {
    Testns server("Semantics of exp and other modifiers");
    for (const auto& c : server_cases) {
        std::vector<std::string> argv{spfquery().string(), "--server", server.server()};
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        auto r = testing::run(argv);
        BOOST_TEST(r.exit_code == c.exit_code, c.name << ": got exit " << r.exit_code << ", want " << c.exit_code
                                                      << "; stderr: " << r.err);
        if (!c.out.empty()) BOOST_TEST(r.out == c.out, c.name << ": got\n" << r.out << "want\n" << c.out);
    }
}

BOOST_AUTO_TEST_CASE(from_suite_zonedata) {
    // The merged zone of every scenario: an owner several scenarios define keeps the
    // first one's records (e3.example.com: "ALL mechanism syntax", v=spf1 -all/8).
    auto r = testing::run({spfquery().string(), "--zone", suite_file()->string(), "-ip=1.2.3.4",
                           "-sender=foo@e3.example.com", "-helo=mail.example.com"});
    BOOST_TEST(r.exit_code == 7, "got exit " << r.exit_code << ", want 7; stderr: " << r.err);
    BOOST_TEST(r.out.starts_with("permerror\nSPF Permanent Error: Unknown mechanism found: -all/8\n"), "got\n" << r.out);

    // One scenario, picked by the name of one of its tests.
    r = testing::run({spfquery().string(), "--zone", suite_file()->string(), "--scenario", "mx-limit",
                      "--ip=1.2.3.5", "--sender=foo@e4.example.com", "--helo=mail.example.com"});
    BOOST_TEST(r.exit_code == 7, "got exit " << r.exit_code << ", want 7; stderr: " << r.err);
    BOOST_TEST(r.out.starts_with("permerror\nSPF Permanent Error: Too many MX records"), "got\n" << r.out);

    // --file: one query per line, comments kept on request, "<>" is the HELO identity.
    r = testing::run({spfquery().string(), "--zone", suite_file()->string(), "--scenario", "exp-twice", "--file", "-",
                      "--keep-comments"},
                     "# first\n1.2.3.4 foo@e3.example.com mail.example.com\n\n1.2.3.4 <> mail.example.com\n");
    BOOST_TEST(r.exit_code == 5, "got exit " << r.exit_code << ", want 5 (none, the last query)");
    BOOST_TEST(r.out.starts_with("# first\nfail\nSee me.\n"), "got\n" << r.out);
    BOOST_TEST(r.out.find("\nnone\n\n") != std::string::npos, "got\n" << r.out);

    r = testing::run({spfquery().string(), "--zone", suite_file()->string(), "--scenario", "no such scenario",
                      "-ip=1.2.3.4", "-helo=mail.example.com"});
    BOOST_TEST(r.exit_code == 255, "got exit " << r.exit_code << ", want 255");
}

BOOST_AUTO_TEST_CASE(help_and_version) {
    auto r = testing::run({spfquery().string(), "--help"});
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out.find("EXIT STATUS") != std::string::npos);
    r = testing::run({spfquery().string(), "-version"});
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out.starts_with("spfquery (mailsec) "));
}

BOOST_AUTO_TEST_SUITE_END()
