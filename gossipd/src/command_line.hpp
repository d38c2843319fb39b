// gossipd's command line (architecture.md "Daemon command lines"): --config FILE
// (-c), --check-config, --help. Without --config the first existing file of
// pygossip's search path is read; with none, the built-in defaults apply.
//
//   auto args = gossipd::parse_command_line({argv + 1, argv + argc});
//   auto file = gossipd::config_file(*args, gossipd::default_config_files());
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mailsec/core/result.hpp"

namespace mailsec::gossipd {

struct CommandLine {
    std::optional<std::filesystem::path> config_file;  // --config
    bool check_config = false;
    bool help = false;
};

// Errors have code "usage".
core::Result<CommandLine> parse_command_line(const std::vector<std::string>& args);

// --config when given, else the first of `search_path` that exists, else nullopt.
std::optional<std::filesystem::path> config_file(const CommandLine& cl,
                                                 const std::vector<std::filesystem::path>& search_path);

// The --help manual page, with every key rendered from the config table.
std::string usage_text();

}  // namespace mailsec::gossipd
