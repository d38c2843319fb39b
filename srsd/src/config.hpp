// srsd's configuration (srs.md §8a): the one declarative table of [srs] keys —
// pysrs.cfg's own keys plus srsd's — and the typed Settings the daemon runs with.
// The table drives parsing, validation, --check-config and --help.
//
//   auto v = srsd::config_table().validate(ini);
//   if (!v.ok()) die(v.error_text());
//   auto settings = srsd::settings_from(v.config);       // listen specs, limits, maps, options
//   auto secrets = srsd::read_secrets(*settings);        // before dropping privileges
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "mailsec/core/result.hpp"
#include "mailsec/daemon/config.hpp"
#include "mailsec/daemon/listen.hpp"
#include "mailsec/daemon/log.hpp"
#include "mailsec/daemon/privileges.hpp"
#include "mailsec/srs/options.hpp"
#include "maps.hpp"

namespace mailsec::srsd {

inline constexpr const char* default_config_file = "/etc/mail/pysrs.cfg";
inline constexpr const char* section = "srs";

struct Limits {
    std::size_t max_request = 10000;
    std::chrono::seconds idle_timeout{1800};
    std::size_t max_connections = 256;
    unsigned threads = 1;  // event-loop threads
};

struct Settings {
    std::vector<daemon::ListenSpec> listen;              // socketmap listeners
    std::optional<daemon::ListenSpec> tcp_forward;       // postsrsd 1.x tcp_table ports
    std::optional<daemon::ListenSpec> tcp_reverse;
    mode_t socket_mode = 0660;
    daemon::Privileges privileges;
    Limits limits;
    MapSettings maps;
    srs::Options options;                                // secrets are filled by read_secrets()
    srs::SchemeKind scheme = srs::SchemeKind::guarded;
    std::string database;                                // DB scheme: SQLite file
    std::vector<std::string> config_secrets;             // secret, secret.0, secret.1, ...
    std::string secrets_file;
    bool log_to_syslog = false;
    daemon::Severity log_level = daemon::Severity::info;
};

const daemon::ConfigTable& config_table();

// Everything the table cannot check alone: fwdomain present, listen specs, scheme options.
core::Result<Settings> settings_from(const daemon::Config& config);

// The configured secrets, then those of secrets_file (one per line, trailing CR/LF
// stripped, empty lines skipped; postsrsd's format). At least one is required.
core::Result<std::vector<std::string>> read_secrets(const Settings& settings);

// secrets_file's text as a list.
std::vector<std::string> parse_secrets_text(std::string_view text);

}  // namespace mailsec::srsd
