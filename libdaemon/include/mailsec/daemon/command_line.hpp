// The command line every mailsec daemon shares (architecture.md "Daemon command
// lines"): --config FILE (alias -c FILE, or --config=FILE), --check-config, --help
// (-h). Everything else lives in the configuration file.
//
//   auto args = daemon::parse_command_line({argv + 1, argv + argc});
//   if (!args) { std::cerr << args.error().message << '\n'; return 2; }
//   auto file = daemon::config_file(*args, {"./pygossip.cfg", "/etc/mail/pygossip.cfg"});
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mailsec/core/result.hpp"

namespace mailsec::daemon {

struct CommandLine {
    std::optional<std::filesystem::path> config_file;  // --config, when given
    bool check_config = false;
    bool help = false;
};

// Errors have code "usage" and say which argument was wrong.
core::Result<CommandLine> parse_command_line(const std::vector<std::string>& args);

// --config when given, else the first of `search_path` that exists, else nullopt.
std::optional<std::filesystem::path> config_file(const CommandLine& command_line,
                                                 const std::vector<std::filesystem::path>& search_path);

}  // namespace mailsec::daemon
