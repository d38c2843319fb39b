// spfmilter's configuration (milter.md §3.1, §3.3, §3.5, §3.6): the key table (the
// Python spfmilter.cfg keys plus mailsec's), the search path, and the typed Settings
// the daemon runs with.
//
//   daemon::Ini ini;
//   if (auto st = spfmilter::read_config(ini, cli_path); !st) die(st.error().message);
//   auto v = spfmilter::config_table().validate(ini);
//   if (!v.ok()) die(v.error_text());
//   auto s = spfmilter::make_settings(v.config);  // Result<Settings>
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mailsec/core/result.hpp"
#include "mailsec/daemon/config.hpp"
#include "mailsec/daemon/ini.hpp"
#include "mailsec/milter/types.hpp"

namespace mailsec::spfmilter {

// The Python daemon's search path: all existing files are read, later ones override.
std::vector<std::filesystem::path> default_search_path();

// Reads `file` when given (it must exist), else every existing file of the search path.
core::Status read_config(daemon::Ini& ini, const std::optional<std::filesystem::path>& file);

const daemon::ConfigTable& config_table();

struct Settings {
    // [milter]
    std::string socket;
    std::string name;
    mode_t umask = 0177;
    std::vector<std::string> internal_connect;  // unresolved items (AddressList resolves them)
    std::vector<std::string> trusted_relay;
    milter::ExceptionPolicy exception_policy = milter::ExceptionPolicy::Continue;
    std::optional<std::string> datadir;
    std::optional<std::string> authserv_id;
    bool dry_run = false;
    std::chrono::seconds timeout{240};
    std::optional<mode_t> socket_mode;
    std::optional<std::string> socket_owner, socket_group;
    std::string user, group;
    std::string log_target = "syslog";  // syslog | stderr
    std::string log_level = "info";
    // [spf]
    std::optional<std::string> access_file;
    char separator = ':';  // access_file_colon
    std::vector<std::string> trusted_forwarders;
    std::optional<std::string> best_guess;  // the stand-in record; nullopt = off
    bool received_spf = true;
    bool authentication_results = true;
    bool remove_forged_ar = true;
    std::chrono::seconds lookup_time{20};
    std::string delegate;
    // [dns]
    std::vector<std::string> nameservers;
    std::chrono::seconds dns_timeout{5};
    int dns_retries = 2;
};

// Typed settings from a validated config; errors for values the table cannot check
// (a best_guess record that does not parse).
core::Result<Settings> make_settings(const daemon::Config& config);

// "v=spf1 a/24 mx/24 ptr" for true, nullopt for false, the record itself for "v=spf1 ...".
core::Result<std::optional<std::string>> parse_best_guess(std::string_view value);

}  // namespace mailsec::spfmilter
