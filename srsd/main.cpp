// srsd: wiring only (style.md) — arguments, configuration, sockets, secrets,
// privilege drop, then the event loop. The logic lives in srsd_core (srsd/src).
#include <syslog.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <filesystem>
#include <iostream>
#include <thread>

#include "command_line.hpp"
#include "config.hpp"
#include "mailsec/daemon/signals.hpp"
#include "schemes.hpp"
#include "server.hpp"

namespace md = mailsec::daemon;  // not "daemon": unistd.h declares daemon(3)
namespace srsd = mailsec::srsd;

namespace {

struct Opened {
    md::Fd fd;
    srsd::Protocol protocol;
    std::string text;
};

mailsec::core::Result<md::Validated> load(const std::string& file) {
    md::Ini ini;
    if (auto st = ini.read_file(file); !st) return st.error();
    auto v = srsd::config_table().validate(ini);
    for (const auto& w : v.warnings) std::cerr << "srsd: warning: " << w.text() << '\n';
    if (!v.ok()) return v.error();
    return v;
}

mailsec::core::Result<std::vector<Opened>> open_all(const srsd::Settings& s) {
    std::vector<Opened> out;
    auto open = [&](const md::ListenSpec& spec, srsd::Protocol p) -> mailsec::core::Status {
        auto fd = md::open_listener(spec, {.mode = s.socket_mode});
        if (!fd) return fd.error();
        out.push_back({std::move(*fd), p, spec.text()});
        return {};
    };
    for (const auto& spec : s.listen)
        if (auto st = open(spec, srsd::Protocol::socketmap); !st) return st.error();
    if (s.tcp_forward)
        if (auto st = open(*s.tcp_forward, srsd::Protocol::tcp_forward); !st) return st.error();
    if (s.tcp_reverse)
        if (auto st = open(*s.tcp_reverse, srsd::Protocol::tcp_reverse); !st) return st.error();
    return out;
}

md::Logger make_logger(const srsd::Settings& s) {
    if (s.log_to_syslog) return md::Logger::to_syslog("srsd", LOG_MAIL, s.log_level);
    return md::Logger::to_stderr(s.log_level, "srsd");
}

// SIGTERM/SIGINT stop the loop; SIGHUP is noted and ignored.
void watch_signals(boost::asio::posix::stream_descriptor& sd, md::ShutdownSignals& signals,
                   srsd::Server& server, boost::asio::io_context& io, const md::Logger& log) {
    sd.async_wait(boost::asio::posix::stream_descriptor::wait_read, [&](const boost::system::error_code& ec) {
        if (ec) return;
        if (signals.take() == md::ShutdownSignals::Event::stop) {
            log.info("stopping");
            server.close_listeners();
            io.stop();
            return;
        }
        log.info("SIGHUP ignored: restart srsd to reload its configuration");
        watch_signals(sd, signals, server, io, log);
    });
}

int fail(const md::Logger& log, std::string_view what, const mailsec::core::Error& e) {
    log.fatal(what, {{"error", e.message}});
    return 1;
}

int serve(const srsd::Settings& settings, const std::vector<std::string>& secrets) {
    auto log = make_logger(settings);
    mailsec::core::SystemClock clock;
    auto schemes = srsd::make_schemes(settings, secrets, clock);
    if (!schemes) return fail(log, "cannot set up SRS", schemes.error());
    auto listeners = open_all(settings);
    if (!listeners) return fail(log, "cannot listen", listeners.error());
    md::ignore_sigpipe();
    auto signals = md::ShutdownSignals::install();
    if (!signals) return fail(log, "cannot install signal handlers", signals.error());
    if (auto st = md::drop_privileges(settings.privileges); !st)
        return fail(log, "cannot drop privileges", st.error());

    srsd::Maps maps(settings.maps, std::move(*schemes), log);
    boost::asio::io_context io;
    srsd::Server server(io, maps, settings.limits, log);
    for (auto& l : *listeners) {
        log.info("listening", {{"listen", l.text}});
        server.add_listener(std::move(l.fd), l.protocol);
    }
    boost::asio::posix::stream_descriptor sd(io, ::dup((*signals)->fd()));
    watch_signals(sd, **signals, server, io, log);
    log.info("ready", {{"fwdomain", settings.maps.fwdomain}, {"pid", static_cast<long>(::getpid())},
                       {"threads", settings.limits.threads}});
    std::vector<std::thread> helpers;
    for (unsigned i = 1; i < settings.limits.threads; ++i) helpers.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& t : helpers) t.join();
    std::error_code ignored;
    for (const auto& spec : settings.listen)
        if (spec.kind == md::ListenSpec::Kind::unix_socket) std::filesystem::remove(spec.path, ignored);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    auto args = srsd::parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
    if (!args) {
        std::cerr << "srsd: " << args.error().message << '\n';
        return 2;
    }
    if (args->help) {
        std::cout << srsd::usage_text();
        return 0;
    }
    auto v = load(args->config_file);
    if (!v) {
        std::cerr << "srsd: " << v.error().message << '\n';
        return 1;
    }
    auto settings = srsd::settings_from(v->config);
    if (!settings) {
        std::cerr << "srsd: " << args->config_file << ": " << settings.error().message << '\n';
        return 1;
    }
    auto secrets = srsd::read_secrets(*settings);
    if (!secrets) {
        std::cerr << "srsd: " << secrets.error().message << '\n';
        return 1;
    }
    if (args->check_config) {
        std::cout << srsd::config_table().render_effective(v->config);
        std::cerr << "srsd: " << args->config_file << ": configuration OK\n";
        return 0;
    }
    return serve(*settings, *secrets);
}
