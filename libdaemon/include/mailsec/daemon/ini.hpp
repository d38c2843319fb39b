// mailsec::daemon::Ini — an INI reader that reads the Python daemons' files the way
// Python's configparser.ConfigParser does (milter.md §3.1), so an old pysrs.cfg,
// pygossip.cfg or spfmilter.cfg means the same thing here:
//
//   [section]            section names are case-sensitive; [DEFAULT] is special
//   key = value          or "key: value"; keys are case-insensitive (lowercased)
//     more text          an indented line continues the value ("value\nmore text")
//   # comment, ; comment whole-line comments only: "a = b # c" keeps "b # c"
//   pct = 100%%          "%%" reads as "%"; everything else is literal (quotes kept)
//
// Keys of [DEFAULT] are visible in every section. Duplicates: like ConfigParser's
// default strict mode, a section or key that appears twice in ONE file is an error;
// across files the later file overrides the earlier (the spfmilter search path).
// IniOptions{.strict = false} makes the last duplicate win instead (Python 2).
// Differences from ConfigParser: "%(name)s" interpolation is not done (kept literal,
// no Python config used it), keys without a value are an error.
//
//   daemon::Ini ini;
//   auto files = daemon::existing_files({"spfmilter.cfg", "/etc/mail/spfmilter.cfg"});
//   if (auto st = ini.read_files(files); !st) die(st.error().message);  // "FILE:LINE: ..."
//   std::optional<std::string> name = ini.get("milter", "name");
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/core/result.hpp"

namespace mailsec::daemon {

inline constexpr std::string_view kDefaultSection = "DEFAULT";

// One key's value and where it was read, for "FILE:LINE: ..." messages.
struct IniEntry {
    std::string key;    // lowercased
    std::string value;  // continuation lines joined with '\n', "%%" already folded
    std::string file;
    int line = 0;
};

struct IniOptions {
    bool strict = true;  // duplicate section/key within one file is an error
};

class Ini {
public:
    // Parses text as if read from `source` (used in messages). On error nothing of
    // this text is kept and the message lists every bad line, one "FILE:LINE: ..." each.
    core::Status read_string(std::string_view text, std::string_view source, IniOptions options = {});
    // Reads one file; a missing or unreadable file is an error ("io" code).
    core::Status read_file(const std::filesystem::path& path, IniOptions options = {});
    // Reads files in order, later ones overriding earlier ones; stops at the first error.
    core::Status read_files(const std::vector<std::filesystem::path>& paths, IniOptions options = {});

    // Sections in first-seen order, without DEFAULT.
    std::vector<std::string> sections() const;
    bool has_section(std::string_view section) const;
    // The entry for key (any case) in section, else in DEFAULT, else nullptr.
    const IniEntry* find(std::string_view section, std::string_view key) const;
    std::optional<std::string> get(std::string_view section, std::string_view key) const;
    // The section's entries followed by the DEFAULT entries it does not override.
    std::vector<IniEntry> entries(std::string_view section) const;
    // Only the entries written in the section itself (own_entries("DEFAULT") = the defaults).
    std::vector<IniEntry> own_entries(std::string_view section) const;
    // Every file read so far, in order.
    const std::vector<std::string>& files() const { return files_; }

    // Sets a value (later reads override it); for tests and command-line overrides.
    void set(std::string_view section, std::string_view key, std::string value, std::string source = "set");

    struct Section {
        std::string name;
        std::vector<IniEntry> entries;
    };

private:
    Section* section_named(std::string_view name);
    const Section* section_named(std::string_view name) const;
    Section& ensure_section(std::string_view name);

    std::vector<Section> sections_;  // DEFAULT is stored like any other
    std::vector<std::string> files_;
};

// The paths of `search_path` that exist as regular files (or symlinks to them), in order:
// the spfmilter rule "read all existing files, later ones override".
std::vector<std::filesystem::path> existing_files(const std::vector<std::filesystem::path>& search_path);

}  // namespace mailsec::daemon
