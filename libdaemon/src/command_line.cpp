#include "mailsec/daemon/command_line.hpp"

#include "mailsec/daemon/ini.hpp"

namespace mailsec::daemon {

core::Result<CommandLine> parse_command_line(const std::vector<std::string>& args) {
    CommandLine cl;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        if (a == "--help" || a == "-h") {
            cl.help = true;
        } else if (a == "--check-config") {
            cl.check_config = true;
        } else if (a == "--config" || a == "-c") {
            if (i + 1 == args.size()) return core::make_error("usage", a + " needs a file name");
            cl.config_file = args[++i];
        } else if (a.starts_with("--config=")) {
            cl.config_file = a.substr(9);
        } else {
            return core::make_error("usage", "unknown argument '" + a + "' (try --help)");
        }
    }
    return cl;
}

std::optional<std::filesystem::path> config_file(const CommandLine& command_line,
                                                 const std::vector<std::filesystem::path>& search_path) {
    if (command_line.config_file) return command_line.config_file;
    auto found = existing_files(search_path);
    if (found.empty()) return std::nullopt;
    return found.front();
}

}  // namespace mailsec::daemon
