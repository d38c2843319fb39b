// Start-up: Settings → checker options, services, runner options (milter.md §3.5, §3.6).
#include "setup.hpp"

#include <unistd.h>

#include <climits>

namespace mailsec::spfmilter {

std::string local_hostname() {
    char buf[HOST_NAME_MAX + 1] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "localhost";
    return buf;
}

spf::Options checker_options(const Settings& s, const std::string& hostname) {
    spf::Options o;
    o.receiver = s.authserv_id.value_or(hostname);
    o.limits.total = std::chrono::duration_cast<std::chrono::milliseconds>(s.lookup_time);
    o.limits.per_lookup = o.limits.total;
    o.delegate_zone = s.delegate;
    return o;
}

dns::LdnsOptions resolver_options(const Settings& s) {
    dns::LdnsOptions o;
    o.nameservers = s.nameservers;
    o.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(s.dns_timeout);
    o.retries = s.dns_retries;
    return o;
}

core::Result<std::shared_ptr<Services>> make_services(const Settings& settings, dns::Resolver& resolver,
                                                      const spf::Checker& checker, const core::Clock& clock,
                                                      daemon::Logger log, std::string hostname) {
    auto services = std::make_shared<Services>(settings, log);
    auto internal = AddressList::parse(settings.internal_connect, resolver);
    if (!internal) return core::make_error("bad-config", "[milter] internal_connect: " + internal.error().message);
    auto trusted = AddressList::parse(settings.trusted_relay, resolver);
    if (!trusted) return core::make_error("bad-config", "[milter] trusted_relay: " + trusted.error().message);
    services->internal = std::move(*internal);
    services->trusted = std::move(*trusted);
    services->checker = &checker;
    services->hostname = std::move(hostname);
    if (settings.access_file) {
        services->access = std::make_unique<AccessMap>(*settings.access_file, clock, log);
        if (auto st = services->access->load(); !st)
            return core::make_error("bad-config", "[spf] access_file: " + st.error().message);
    }
    return services;
}

milter::RunnerOptions runner_options(const Settings& s, const daemon::Logger& log) {
    milter::RunnerOptions o;
    o.socket = s.socket;
    o.name = s.name;
    o.timeout = s.timeout;
    o.umask = s.umask;
    o.socket_mode = s.socket_mode;
    o.socket_owner = s.socket_owner;
    o.socket_group = s.socket_group;
    o.exception_policy = s.dry_run ? milter::ExceptionPolicy::Continue : s.exception_policy;
    o.logger = [log](std::string_view severity, std::string_view line) {
        daemon::Severity sev = daemon::Severity::error;
        daemon::parse_severity(severity, sev);
        log.log(sev, line);
    };
    return o;
}

}  // namespace mailsec::spfmilter
