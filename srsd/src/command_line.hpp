// srsd's command line (architecture.md "Daemon command lines"): --config FILE (-c),
// --check-config, --help. Everything else lives in the configuration file.
//
//   auto args = srsd::parse_command_line(argc, argv);
//   if (!args) { std::cerr << args.error().message << '\n'; return 2; }
//   if (args->help) std::cout << srsd::usage_text();
#pragma once

#include <string>
#include <vector>

#include "mailsec/core/result.hpp"

namespace mailsec::srsd {

struct CommandLine {
    std::string config_file;  // default_config_file when not given
    bool check_config = false;
    bool help = false;
};

core::Result<CommandLine> parse_command_line(const std::vector<std::string>& args);

// The --help text: a manual page with every option and every configuration key
// (rendered from the config table).
std::string usage_text();

}  // namespace mailsec::srsd
