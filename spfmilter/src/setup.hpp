// Start-up pieces shared by main.cpp and the tests: the SPF checker options, the
// shared Services (address lists resolved once, access map loaded), and the Runner
// options, all from Settings.
//
//   auto services = spfmilter::make_services(settings, resolver, checker, clock, log, hostname);
//   if (!services) die(services.error().message);
#pragma once

#include <memory>
#include <string>

#include "mailsec/core/clock.hpp"
#include "mailsec/core/result.hpp"
#include "mailsec/daemon/log.hpp"
#include "mailsec/dns/ldns_resolver.hpp"
#include "mailsec/dns/resolver.hpp"
#include "mailsec/milter/runner.hpp"
#include "mailsec/spf/checker.hpp"
#include "services.hpp"

namespace mailsec::spfmilter {

// The local host name (gethostname), the last fallback for receiver and authserv-id.
std::string local_hostname();

spf::Options checker_options(const Settings& settings, const std::string& hostname);
dns::LdnsOptions resolver_options(const Settings& settings);

// Resolves the address lists and loads the access map (relative to the current
// directory: chdir to datadir first). Errors are configuration errors.
core::Result<std::shared_ptr<Services>> make_services(const Settings& settings, dns::Resolver& resolver,
                                                      const spf::Checker& checker, const core::Clock& clock,
                                                      daemon::Logger log, std::string hostname);

// dry_run forces the exception policy to CONTINUE (§3.6).
milter::RunnerOptions runner_options(const Settings& settings, const daemon::Logger& log);

}  // namespace mailsec::spfmilter
