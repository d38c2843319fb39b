// gossipd: wiring only (style.md) — arguments, configuration, listeners, the SQLite
// store, peer names, privilege drop, then the event loop. The logic lives in
// gossipd_core (gossipd/src).
#include <syslog.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <filesystem>
#include <iostream>

#include "command_line.hpp"
#include "config.hpp"
#include "log_bridge.hpp"
#include "mailsec/daemon/signals.hpp"
#include "mailsec/gossip/sqlite_store.hpp"
#include "peer_directory.hpp"
#include "peer_pool.hpp"
#include "server.hpp"

namespace md = mailsec::daemon;  // not "daemon": unistd.h declares daemon(3)
namespace gd = mailsec::gossipd;
namespace gossip = mailsec::gossip;

namespace {

mailsec::core::Result<md::Validated> load(const std::optional<std::filesystem::path>& file) {
    md::Ini ini;
    if (file)
        if (auto st = ini.read_file(*file); !st) return st.error();
    auto v = gd::config_table().validate(ini);
    for (const auto& w : v.warnings) std::cerr << "gossipd: warning: " << w.text() << '\n';
    if (!v.ok()) return v.error();
    return v;
}

md::Logger make_logger(const gd::Settings& s) {
    if (s.log_to_syslog) return md::Logger::to_syslog("gossipd", LOG_MAIL, s.log_level);
    return md::Logger::to_stderr(s.log_level, "gossipd");
}

mailsec::core::Result<std::vector<md::Fd>> open_all(const gd::Settings& s, const md::Logger& log) {
    std::vector<md::Fd> out;
    for (const auto& spec : s.listen) {
        auto fd = md::open_listener(spec);
        if (!fd) return fd.error();
        log.info("listening", {{"listen", spec.text()}});
        out.push_back(std::move(*fd));
    }
    return out;
}

mailsec::core::Result<std::unique_ptr<gossip::SqliteStore>> open_store(const gd::Settings& s) {
    std::error_code ec;
    std::filesystem::create_directories(s.datadir, ec);
    if (ec) return mailsec::core::make_error("io", "cannot create datadir " + s.datadir.string() + ": " + ec.message());
    return gossip::SqliteStore::open(s.database);
}

// SIGTERM/SIGINT stop the loop; SIGHUP is noted and ignored.
void watch_signals(boost::asio::posix::stream_descriptor& sd, md::ShutdownSignals& signals, gd::Server& server,
                   gd::PeerDirectory& directory, boost::asio::io_context& io, const md::Logger& log) {
    sd.async_wait(boost::asio::posix::stream_descriptor::wait_read, [&](const boost::system::error_code& ec) {
        if (ec) return;
        if (signals.take() == md::ShutdownSignals::Event::stop) {
            log.info("stopping");
            server.close_listeners();
            directory.stop();
            io.stop();
            return;
        }
        log.info("SIGHUP ignored: restart gossipd to reload its configuration");
        watch_signals(sd, signals, server, directory, io, log);
    });
}

int fail(const md::Logger& log, std::string_view what, const mailsec::core::Error& e) {
    log.fatal(what, {{"error", e.message}});
    return 1;
}

int serve(const gd::Settings& settings) {
    auto log = make_logger(settings);
    mailsec::core::SystemClock clock;
    auto listeners = open_all(settings, log);
    if (!listeners) return fail(log, "cannot listen", listeners.error());
    auto store = open_store(settings);
    if (!store) return fail(log, "cannot open the store", store.error());
    md::ignore_sigpipe();
    auto signals = md::ShutdownSignals::install();
    if (!signals) return fail(log, "cannot install signal handlers", signals.error());
    boost::asio::io_context io;
    gd::PeerDirectory directory(io, settings.peers, log);
    directory.resolve_all();  // before a chroot hides /etc/hosts
    if (auto st = md::drop_privileges(settings.privileges); !st) return fail(log, "cannot drop privileges", st.error());

    gd::PeerPool pool(io, directory, settings.peer_timeouts, clock, log);
    gossip::Node node(**store, clock, settings.node, nullptr, gd::node_logger(log));
    gd::Server server(io, node, settings.peers.empty() ? nullptr : &pool, directory, settings, clock, log);
    for (auto& fd : *listeners) server.add_listener(std::move(fd));
    server.expire_every(settings.expire_every);
    directory.refresh_every(settings.peer_timeouts.resolve_every);
    boost::asio::posix::stream_descriptor sd(io, ::dup((*signals)->fd()));
    watch_signals(sd, **signals, server, directory, io, log);
    log.info("ready", {{"database", settings.database.string()},
                       {"peers", settings.peers.size()},
                       {"pid", static_cast<long>(::getpid())}});
    io.run();
    return 0;
}

int run(int argc, char** argv) {
    auto args = gd::parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
    if (!args) {
        std::cerr << "gossipd: " << args.error().message << '\n';
        return 2;
    }
    if (args->help) {
        std::cout << gd::usage_text();
        return 0;
    }
    const auto file = gd::config_file(*args, gd::default_config_files());
    const std::string name = file ? file->string() : "(defaults)";
    auto v = load(file);
    if (!v) {
        std::cerr << "gossipd: " << v.error().message << '\n';
        return 1;
    }
    auto settings = gd::settings_from(v->config);
    if (!settings) {
        std::cerr << "gossipd: " << name << ": " << settings.error().message << '\n';
        return 1;
    }
    if (args->check_config) {
        std::cout << gd::config_table().render_effective(v->config);
        std::cerr << "gossipd: " << name << ": configuration OK\n";
        return 0;
    }
    return serve(*settings);
}

}  // namespace

// Exceptions are for broken invariants and start-up (style.md): report, exit 1.
int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "gossipd: fatal: " << e.what() << '\n';
        return 1;
    }
}
