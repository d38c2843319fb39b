// Untrapped exceptions (milter.md §3.6 "exceptions anywhere follow the policy",
// 2.5): a resolver that throws, run through the exception policy that
// runner_options() derives from the settings (dry run forces CONTINUE).
#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "harness.hpp"
#include "setup.hpp"

namespace ms = mailsec;
namespace sm = mailsec::spfmilter;
namespace mt = mailsec::milter::testing;
using ms::milter::Status;

namespace {

class ThrowingResolver : public ms::dns::Resolver {
public:
    using Resolver::lookup;
    ms::dns::Answer lookup(std::string_view, ms::dns::RecordType, ms::dns::Deadline) override {
        throw std::runtime_error("resolver exploded");
    }
};

mt::Response envfrom_with(sm::Settings settings) {
    ThrowingResolver resolver;
    ms::core::ManualClock clock;
    ms::spf::Checker checker(resolver, sm::test::checker_options(), clock);
    auto sink = std::make_shared<sm::test::CaptureSink>();
    auto log = ms::daemon::Logger::to_sink(sink, ms::daemon::Severity::debug);
    auto services = sm::make_services(settings, resolver, checker, clock, log, "host.test.invalid");
    BOOST_REQUIRE(services.ok());
    mt::Options o;
    o.name = settings.name;
    o.policy = sm::runner_options(settings, log).exception_policy;
    mt::Context t(ms::milter::make_factory<sm::SpfFilter>(std::shared_ptr<const sm::Services>(*services)), o);
    t.negotiate();
    t.connect("client.test.invalid", {ms::milter::PeerAddress::Inet4, "192.0.2.1", 4000});
    t.helo("mx.pass.example");
    return t.envfrom("<bob@pass.example>");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(exceptions)

BOOST_AUTO_TEST_CASE(default_policy_continues) {
    auto r = envfrom_with(sm::test::default_settings());
    BOOST_TEST(r.status == Status::Continue);
}

BOOST_AUTO_TEST_CASE(tempfail_policy_defers) {
    auto s = sm::test::default_settings();
    s.exception_policy = ms::milter::ExceptionPolicy::Tempfail;
    auto r = envfrom_with(s);
    BOOST_TEST(r.status == Status::Tempfail);
    BOOST_TEST(r.smtp_reply.value_or("").find("451 4.3.0 pyspffilter: untrapped exception in envfrom") == 0,
               r.smtp_reply.value_or("<none>"));
}

BOOST_AUTO_TEST_CASE(dry_run_forces_continue) {
    auto s = sm::test::default_settings();
    s.exception_policy = ms::milter::ExceptionPolicy::Reject;
    s.dry_run = true;
    BOOST_TEST(envfrom_with(s).status == Status::Continue);
}

BOOST_AUTO_TEST_SUITE_END()
