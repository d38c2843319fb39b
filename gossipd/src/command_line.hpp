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
#include "mailsec/daemon/command_line.hpp"

namespace mailsec::gossipd {

// The shared daemon command line (libdaemon): --config/-c, --check-config, --help.
using daemon::CommandLine;
using daemon::config_file;
using daemon::parse_command_line;

// The --help manual page, with every key rendered from the config table.
std::string usage_text();

}  // namespace mailsec::gossipd
