// spfmilter: wiring only (style.md). Parse the command line, read and validate the
// configuration, build DNS, the SPF checker and the shared services, open the
// milter socket, drop privileges, serve. The logic lives in src/ (spfmilter_core).
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "filter.hpp"
#include "help.hpp"
#include "mailsec/core/clock.hpp"
#include "mailsec/daemon/privileges.hpp"
#include "mailsec/dns/caching_resolver.hpp"
#include "setup.hpp"

namespace ms = mailsec;
namespace spfm = mailsec::spfmilter;

namespace {

struct Args {
    std::optional<std::string> config;
    bool check = false;
    bool help = false;
};

std::optional<Args> parse_args(int argc, char** argv) {
    Args a;
    std::vector<std::string> v(argv + 1, argv + argc);
    for (std::size_t i = 0; i < v.size(); ++i) {
        if ((v[i] == "--config" || v[i] == "-c") && i + 1 < v.size()) a.config = v[++i];
        else if (v[i].rfind("--config=", 0) == 0) a.config = v[i].substr(9);
        else if (v[i] == "--check-config") a.check = true;
        else if (v[i] == "--help" || v[i] == "-h") a.help = true;
        else {
            std::cerr << "spfmilter: bad argument \"" << v[i] << "\" (see --help)\n";
            return std::nullopt;
        }
    }
    return a;
}

std::optional<ms::daemon::Config> load_config(const Args& args) {
    ms::daemon::Ini ini;
    if (auto st = spfm::read_config(ini, args.config); !st) {
        std::cerr << "spfmilter: " << st.error().message << '\n';
        return std::nullopt;
    }
    auto v = spfm::config_table().validate(ini);
    for (const auto& w : v.warnings) std::cerr << "spfmilter: warning: " << w.text() << '\n';
    if (!v.ok()) {
        std::cerr << v.error_text();
        return std::nullopt;
    }
    return v.config;
}

ms::daemon::Logger make_logger(const spfm::Settings& s) {
    ms::daemon::Severity level = ms::daemon::Severity::info;
    ms::daemon::parse_severity(s.log_level, level);
    if (s.log_target == "stderr") return ms::daemon::Logger::to_stderr(level, "spfmilter");
    return ms::daemon::Logger::to_syslog("spfmilter", LOG_MAIL, level);
}

int serve(const spfm::Settings& settings, const ms::daemon::Config& config, bool check_only) {
    auto log = make_logger(settings);
    auto net = ms::dns::LdnsResolver::create(spfm::resolver_options(settings));
    if (!net) {
        std::cerr << "spfmilter: [dns] nameservers: " << net.error().message << '\n';
        return 1;
    }
    ms::core::SystemClock clock;
    ms::dns::CachingResolver dns(**net, ms::dns::CacheOptions{}, clock);
    std::string hostname = spfm::local_hostname();
    ms::spf::Checker checker(dns, spfm::checker_options(settings, hostname), clock);
    auto services = spfm::make_services(settings, dns, checker, clock, log, hostname);
    if (!services) {
        std::cerr << "spfmilter: " << services.error().message << '\n';
        return 1;
    }
    if (check_only) {
        std::cout << spfm::config_table().render_effective(config) << "# configuration OK\n";
        return 0;
    }
    ms::milter::Runner runner(ms::milter::make_factory<spfm::SpfFilter>(std::shared_ptr<const spfm::Services>(*services)),
                              spfm::runner_options(settings, log));
    runner.open();
    if (auto st = ms::daemon::drop_privileges({.user = settings.user, .group = settings.group}); !st) {
        log.fatal("cannot drop privileges", {{"error", st.error().message}});
        return 1;
    }
    log.info("listening", {{"socket", settings.socket}, {"name", settings.name}, {"dry_run", settings.dry_run}});
    return runner.run();
}

}  // namespace

int main(int argc, char** argv) {
    auto args = parse_args(argc, argv);
    if (!args) return 2;
    if (args->help) {
        std::cout << spfm::help_text();
        return 0;
    }
    auto config = load_config(*args);
    if (!config) return 1;
    auto settings = spfm::make_settings(*config);
    if (!settings) {
        std::cerr << "spfmilter: " << settings.error().message << '\n';
        return 1;
    }
    if (settings->datadir && ::chdir(settings->datadir->c_str()) != 0) {
        std::cerr << "spfmilter: [milter] datadir " << *settings->datadir << ": " << std::strerror(errno) << '\n';
        return 1;
    }
    try {
        return serve(*settings, *config, args->check);
    } catch (const std::exception& e) {
        std::cerr << "spfmilter: fatal: " << e.what() << '\n';
        return 1;
    }
}
