// mailsec::daemon::ConfigTable — one declarative table of keys (section, name, type,
// default, range, help) that drives parsing, validation, --check-config and --help
// (style.md). Every error is collected with its FILE:LINE; unknown keys are warnings,
// because old pysrs/pygossip/spfmilter files carry keys the daemons no longer read.
//
//   const daemon::ConfigTable table({
//       {.section = "srs", .name = "maxage", .type = daemon::KeyType::integer,
//        .default_value = "21", .help = "Days an SRS address stays valid.", .min = 0, .max = 1023},
//       {.section = "srs", .name = "secret", .type = daemon::KeyType::string,
//        .help = "HMAC secret; secret.N adds more.", .secret = true},
//       {.section = "srs", .name = "secret.", .type = daemon::KeyType::string,
//        .help = "Older secrets, still accepted.", .secret = true, .family = true},
//   });
//   auto v = table.validate(ini);
//   for (auto& w : v.warnings) log.warning(w.text());
//   if (!v.ok()) { std::cerr << v.error_text(); return 1; }
//   std::int64_t maxage = v.config.integer("srs", "maxage");
//   auto secrets = v.config.family("srs", "secret.");   // secret.0, secret.1, ... in order
//   if (check_config) std::cout << table.render_effective(v.config);
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "mailsec/core/result.hpp"
#include "mailsec/daemon/ini.hpp"

namespace mailsec::daemon {

enum class KeyType {
    string,       // taken literally
    integer,      // decimal, optional sign; min/max apply
    boolean,      // 1/yes/true/on, 0/no/false/off (any case), as ConfigParser.getboolean
    duration,     // seconds: "90", or with a unit s/m/h/d/w ("30m"); min/max in seconds
    mode,         // file mode/umask: 0177 (leading 0 = octal), 0o177, 0x7f or decimal 127
    list,         // comma (or newline) separated, items trimmed, empty items dropped
    path,         // a file system path; empty = unset
    enumeration,  // one of `choices`, any case; the value is the choice's own spelling
};

std::string_view key_type_name(KeyType type);

// One row of the table. Designated initializers keep the rows readable; fields are
// in the order they must be written.
struct KeySpec {
    std::string section{};
    std::string name{};  // for a family (family = true) the prefix: "secret." matches secret.0, secret.1, ...
    KeyType type = KeyType::string;
    std::string default_value{};  // text as in the file; empty = no default (unset)
    std::string help{};
    std::int64_t min = std::numeric_limits<std::int64_t>::min();  // integer, duration (seconds), mode
    std::int64_t max = std::numeric_limits<std::int64_t>::max();
    std::vector<std::string> choices{};  // enumeration
    // Other names for the key: "socket" (same section) or "milter:best_guess" (another
    // section; ':' cannot occur in an INI key). The canonical name wins when both are set.
    std::vector<std::string> aliases{};
    bool secret = false;  // never printed by render_effective
    bool family = false;
};

// "FILE:LINE: message" (or "FILE: message" / "message" when the place is unknown).
struct Diagnostic {
    std::string file;
    int line = 0;
    std::string message;
    std::string text() const;
};

// A typed value as the table parsed it.
using Value = std::variant<std::monostate, std::string, std::int64_t, bool, std::chrono::seconds, mode_t,
                           std::vector<std::string>>;

struct ConfigItem {
    const KeySpec* spec = nullptr;
    std::string key;   // the key as used: "maxage", "secret.2"
    std::string raw;   // the text it came from (the default's text for defaults)
    Value value;       // monostate when unset
    std::string file;  // where it was set; empty for defaults
    int line = 0;
};

// The validated configuration. Accessors take the canonical section and key; asking
// for a key that is not in the table or for the wrong type is a bug (std::logic_error).
class Config {
public:
    bool is_set(std::string_view section, std::string_view key) const;
    std::string string(std::string_view section, std::string_view key) const;  // string, path, enumeration
    std::int64_t integer(std::string_view section, std::string_view key) const;
    bool boolean(std::string_view section, std::string_view key) const;
    std::chrono::seconds duration(std::string_view section, std::string_view key) const;
    mode_t mode(std::string_view section, std::string_view key) const;
    std::vector<std::string> list(std::string_view section, std::string_view key) const;
    // Optional forms: nullopt when unset (no value and no default).
    std::optional<std::string> optional_string(std::string_view section, std::string_view key) const;
    std::optional<mode_t> optional_mode(std::string_view section, std::string_view key) const;
    // A family's members, ordered by suffix (numeric suffixes numerically); item->key is "secret.2".
    std::vector<const ConfigItem*> family(std::string_view section, std::string_view prefix) const;
    const ConfigItem* item(std::string_view section, std::string_view key) const;
    const std::vector<ConfigItem>& items() const { return items_; }

    void add(ConfigItem item) { items_.push_back(std::move(item)); }

private:
    const ConfigItem& require(std::string_view section, std::string_view key) const;
    std::vector<ConfigItem> items_;  // in table order, family members after their row
};

struct Validated {
    Config config;  // complete only when ok()
    std::vector<Diagnostic> errors;
    std::vector<Diagnostic> warnings;
    bool ok() const { return errors.empty(); }
    std::string error_text() const;  // one Diagnostic::text() per line
    core::Error error() const;       // code "bad-config", message error_text()
};

// Parses one value of the given type, checking min/max and choices. The error is a
// bare message ("want an integer, got \"x\""); validate() adds the place.
core::Result<Value> parse_value(const KeySpec& spec, std::string_view text);
// The canonical text of a value ("0660" for modes, "yes"/"no", "a, b").
std::string format_value(const KeySpec& spec, const Value& value);

class ConfigTable {
public:
    // A broken table (duplicate key, default that does not parse) is a bug: throws
    // std::invalid_argument at start-up.
    explicit ConfigTable(std::vector<KeySpec> keys);

    // Every key of every table section in `ini`, plus defaults. All errors collected.
    Validated validate(const Ini& ini) const;

    // --help text: per section, each key with type, range, default, aliases and help
    // wrapped to `width` columns.
    std::string render_help(std::size_t width = 78) const;
    // --check-config output: the effective configuration as an INI file, with secrets
    // shown as "********" and the source of each value in a comment.
    std::string render_effective(const Config& config) const;

    const std::vector<KeySpec>& keys() const { return keys_; }
    // The row for section/key, a family member or an alias; nullptr if unknown.
    const KeySpec* lookup(std::string_view section, std::string_view key) const;

private:
    void warn_unknown(const Ini& ini, Validated& out) const;
    std::vector<KeySpec> keys_;
};

}  // namespace mailsec::daemon
