// From a validated [srs] section to the Settings srsd runs with (srs.md §8, §8a).
#include <algorithm>
#include <fstream>
#include <thread>
#include <sstream>

#include "config.hpp"
#include "mailsec/srs/error.hpp"

namespace mailsec::srsd {

namespace {
core::Error bad(std::string message) { return core::make_error("bad-config", std::move(message)); }

std::vector<std::string> configured_secrets(const daemon::Config& c) {
    std::vector<std::string> out;
    if (auto s = c.optional_string(section, "secret")) out.push_back(*s);
    // pysrs reads secret.0, secret.1, ... until one is missing.
    std::size_t next = 0;
    for (const auto* item : c.family(section, "secret.")) {
        if (item->key != "secret." + std::to_string(next)) break;
        out.push_back(std::get<std::string>(item->value));
        ++next;
    }
    return out;
}

core::Result<std::vector<daemon::ListenSpec>> listeners(const daemon::Config& c) {
    std::vector<daemon::ListenSpec> out;
    bool explicit_listen = c.item(section, "listen") != nullptr && !c.item(section, "listen")->file.empty();
    auto socket = c.optional_string(section, "socket");
    if (explicit_listen || !socket) {
        for (const auto& text : c.list(section, "listen")) {
            auto spec = daemon::parse_listen(text);
            if (!spec) return bad("listen: " + spec.error().message);
            out.push_back(*spec);
        }
    }
    if (socket && !socket->empty()) out.push_back({.kind = daemon::ListenSpec::Kind::unix_socket, .path = *socket});
    return out;
}

core::Result<std::optional<daemon::ListenSpec>> tcp_table_listener(const daemon::Config& c, const char* key) {
    auto text = c.optional_string(section, key);
    if (!text || text->empty()) return std::optional<daemon::ListenSpec>{};
    auto spec = daemon::parse_listen("inet:" + *text);
    if (!spec) return bad(std::string(key) + ": " + spec.error().message);
    return std::optional<daemon::ListenSpec>{*spec};
}

srs::Options srs_options(const daemon::Config& c) {
    srs::Options o;
    o.max_age = static_cast<int>(c.integer(section, "maxage"));
    o.hash_length = static_cast<int>(c.integer(section, "hashlength"));
    if (c.is_set(section, "hashmin")) o.hash_min = static_cast<int>(c.integer(section, "hashmin"));
    o.separator = c.string(section, "separator").front();
    return o;
}

MapSettings map_settings(const daemon::Config& c) {
    return {.fwdomain = c.optional_string(section, "fwdomain").value_or(""),
            .domains = c.list(section, "domains"),
            .ses = c.list(section, "ses"),
            .sign = c.list(section, "sign"),
            .nosrs = c.list(section, "nosrs"),
            .always_rewrite = c.boolean(section, "alwaysrewrite")};
}

void set_limits_and_logging(const daemon::Config& c, Settings& s) {
    s.limits.max_request = static_cast<std::size_t>(c.integer(section, "max_request"));
    s.limits.idle_timeout = c.duration(section, "idle_timeout");
    s.limits.max_connections = static_cast<std::size_t>(c.integer(section, "max_connections"));
    auto threads = static_cast<unsigned>(c.integer(section, "threads"));
    s.limits.threads = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
    s.log_to_syslog = c.string(section, "log") == "syslog";
    daemon::parse_severity(c.string(section, "log_level"), s.log_level);
}
}  // namespace

core::Result<Settings> settings_from(const daemon::Config& c) {
    Settings s;
    auto listen = listeners(c);
    if (!listen) return listen.error();
    s.listen = std::move(*listen);
    auto forward = tcp_table_listener(c, "tcp_forward");
    if (!forward) return forward.error();
    auto reverse = tcp_table_listener(c, "tcp_reverse");
    if (!reverse) return reverse.error();
    s.tcp_forward = *forward;
    s.tcp_reverse = *reverse;
    if (s.listen.empty() && !s.tcp_forward && !s.tcp_reverse) return bad("nothing to listen on");
    s.socket_mode = c.mode(section, "socket_mode");
    s.privileges = {.user = c.optional_string(section, "user").value_or(""),
                    .group = c.optional_string(section, "group").value_or(""),
                    .chroot = c.optional_string(section, "chroot").value_or("")};
    set_limits_and_logging(c, s);
    s.maps = map_settings(c);
    if (s.maps.fwdomain.empty()) return bad("fwdomain is required: the domain SRS addresses are rewritten into");
    s.options = srs_options(c);
    s.scheme = srs::parse_scheme(c.string(section, "scheme")).value_or(srs::SchemeKind::guarded);
    s.database = c.optional_string(section, "database").value_or("");
    s.config_secrets = configured_secrets(c);
    s.secrets_file = c.optional_string(section, "secrets_file").value_or("");
    if (s.config_secrets.empty() && s.secrets_file.empty()) return bad("no secret: set secret or secrets_file");
    auto probe = s.options;
    probe.secrets = {"probe"};
    if (auto checked = srs::validate(probe, s.scheme); !checked) return bad(checked.error().message);
    return s;
}

std::vector<std::string> parse_secrets_text(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        auto nl = text.find('\n');
        auto line = text.substr(0, nl);
        while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
        if (!line.empty()) out.emplace_back(line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return out;
}

core::Result<std::vector<std::string>> read_secrets(const Settings& settings) {
    auto secrets = settings.config_secrets;
    if (!settings.secrets_file.empty()) {
        std::ifstream in(settings.secrets_file, std::ios::binary);
        if (!in) return core::make_error("io", "cannot read secrets_file " + settings.secrets_file);
        std::ostringstream text;
        text << in.rdbuf();
        for (auto& s : parse_secrets_text(text.str())) secrets.push_back(std::move(s));
    }
    if (secrets.empty()) return bad("no secret: secrets_file " + settings.secrets_file + " holds none");
    return secrets;
}

}  // namespace mailsec::srsd
