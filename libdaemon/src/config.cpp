// The configuration table: lookup of keys, aliases and families, and validation of
// an Ini against the table with every error collected.
#include <algorithm>
#include <set>
#include <stdexcept>

#include "mailsec/core/ascii.hpp"
#include "mailsec/daemon/config.hpp"

namespace mailsec::daemon {
namespace {

struct AliasName {
    std::string section;
    std::string key;
};

// "key" (same section) or "section:key".
AliasName split_alias(const KeySpec& spec, const std::string& alias) {
    auto colon = alias.find(':');
    if (colon == std::string::npos) return {spec.section, core::to_lower(alias)};
    return {alias.substr(0, colon), core::to_lower(alias.substr(colon + 1))};
}

bool in_family(const KeySpec& spec, std::string_view key) {
    return spec.family && key.size() > spec.name.size() && key.substr(0, spec.name.size()) == spec.name;
}

// Numeric suffixes sort numerically (secret.2 before secret.10), others as text.
bool family_less(const ConfigItem* a, const ConfigItem* b, std::size_t prefix) {
    std::string_view sa = std::string_view(a->key).substr(prefix);
    std::string_view sb = std::string_view(b->key).substr(prefix);
    auto numeric = [](std::string_view s) { return std::all_of(s.begin(), s.end(), core::is_ascii_digit); };
    if (numeric(sa) && numeric(sb) && sa.size() != sb.size()) return sa.size() < sb.size();
    return sa < sb;
}

std::string describe(const KeySpec& spec, std::string_view key) { return "[" + spec.section + "] " + std::string(key); }

}  // namespace

std::string Diagnostic::text() const {
    if (file.empty()) return message;
    if (line <= 0) return file + ": " + message;
    return file + ":" + std::to_string(line) + ": " + message;
}

std::string Validated::error_text() const {
    std::string out;
    for (const auto& e : errors) out += e.text() + "\n";
    return out;
}

core::Error Validated::error() const { return core::make_error("bad-config", error_text()); }

// --- Config ---------------------------------------------------------------

const ConfigItem* Config::item(std::string_view section, std::string_view key) const {
    for (const auto& i : items_)
        if (i.spec->section == section && i.key == key) return &i;
    return nullptr;
}

const ConfigItem& Config::require(std::string_view section, std::string_view key) const {
    const ConfigItem* i = item(section, key);
    if (i == nullptr)
        throw std::logic_error("config key [" + std::string(section) + "] " + std::string(key) +
                               " is not in the table");
    return *i;
}

bool Config::is_set(std::string_view section, std::string_view key) const {
    const ConfigItem* i = item(section, key);
    return i != nullptr && !std::holds_alternative<std::monostate>(i->value);
}

namespace {
template <typename T>
const T& typed(const ConfigItem& item) {
    if (const T* v = std::get_if<T>(&item.value)) return *v;
    throw std::logic_error("config key [" + item.spec->section + "] " + item.key + " read as the wrong type or unset");
}
}  // namespace

std::string Config::string(std::string_view section, std::string_view key) const {
    const ConfigItem& i = require(section, key);
    return std::holds_alternative<std::monostate>(i.value) ? std::string{} : typed<std::string>(i);
}
std::int64_t Config::integer(std::string_view s, std::string_view k) const {
    return typed<std::int64_t>(require(s, k));
}
bool Config::boolean(std::string_view s, std::string_view k) const { return typed<bool>(require(s, k)); }
std::chrono::seconds Config::duration(std::string_view s, std::string_view k) const {
    return typed<std::chrono::seconds>(require(s, k));
}
mode_t Config::mode(std::string_view s, std::string_view k) const { return typed<mode_t>(require(s, k)); }
std::vector<std::string> Config::list(std::string_view section, std::string_view key) const {
    const ConfigItem& i = require(section, key);
    return std::holds_alternative<std::monostate>(i.value) ? std::vector<std::string>{}
                                                           : typed<std::vector<std::string>>(i);
}
std::optional<std::string> Config::optional_string(std::string_view s, std::string_view k) const {
    if (!is_set(s, k)) return std::nullopt;
    return string(s, k);
}
std::optional<mode_t> Config::optional_mode(std::string_view s, std::string_view k) const {
    if (!is_set(s, k)) return std::nullopt;
    return mode(s, k);
}

std::vector<const ConfigItem*> Config::family(std::string_view section, std::string_view prefix) const {
    std::vector<const ConfigItem*> out;
    for (const auto& i : items_)
        if (i.spec->family && i.spec->section == section && i.spec->name == prefix) out.push_back(&i);
    std::sort(out.begin(), out.end(), [&](auto* a, auto* b) { return family_less(a, b, prefix.size()); });
    return out;
}

// --- ConfigTable ----------------------------------------------------------

ConfigTable::ConfigTable(std::vector<KeySpec> keys) : keys_(std::move(keys)) {
    std::set<std::pair<std::string, std::string>> seen;
    for (auto& k : keys_) {
        k.name = core::to_lower(k.name);
        if (!seen.insert({k.section, k.name}).second)
            throw std::invalid_argument("config table: duplicate key [" + k.section + "] " + k.name);
        if (!k.default_value.empty())
            if (auto v = parse_value(k, k.default_value); !v)
                throw std::invalid_argument("config table: default of [" + k.section + "] " + k.name + ": " +
                                            v.error().message);
    }
}

const KeySpec* ConfigTable::lookup(std::string_view section, std::string_view key) const {
    std::string lowered = core::to_lower(key);
    for (const auto& k : keys_) {
        if (k.section == section && (k.family ? in_family(k, lowered) : k.name == lowered)) return &k;
        for (const auto& alias : k.aliases) {
            auto a = split_alias(k, alias);
            if (a.section == section && a.key == lowered) return &k;
        }
    }
    return nullptr;
}

namespace {

// Finds the entry for a plain row: its canonical name first, then its aliases.
const IniEntry* find_entry(const KeySpec& spec, const Ini& ini, std::vector<Diagnostic>& warnings) {
    const IniEntry* found = ini.find(spec.section, spec.name);
    for (const auto& alias : spec.aliases) {
        auto a = split_alias(spec, alias);
        const IniEntry* e = ini.find(a.section, a.key);
        if (e == nullptr) continue;
        if (found != nullptr) {
            warnings.push_back(
                {e->file, e->line,
                 "[" + a.section + "] " + a.key + " ignored: " + describe(spec, spec.name) + " is also set"});
            continue;
        }
        found = e;
    }
    return found;
}

void add_parsed(const KeySpec& spec, const IniEntry& e, std::string key, Validated& out) {
    auto v = parse_value(spec, e.value);
    if (!v) {
        out.errors.push_back({e.file, e.line, describe(spec, key) + ": " + v.error().message});
        return;
    }
    out.config.add(ConfigItem{&spec, std::move(key), e.value, std::move(*v), e.file, e.line});
}

void add_plain(const KeySpec& spec, const Ini& ini, Validated& out) {
    if (const IniEntry* e = find_entry(spec, ini, out.warnings)) {
        add_parsed(spec, *e, spec.name, out);
        return;
    }
    Value v = spec.default_value.empty() ? Value{} : *parse_value(spec, spec.default_value);
    out.config.add(ConfigItem{&spec, spec.name, spec.default_value, std::move(v), {}, 0});
}

void add_family(const KeySpec& spec, const Ini& ini, Validated& out) {
    for (const auto& e : ini.entries(spec.section))
        if (in_family(spec, e.key)) add_parsed(spec, e, e.key, out);
}

}  // namespace

// Old configs carry keys and sections we no longer read: warn, never fail.
void ConfigTable::warn_unknown(const Ini& ini, Validated& out) const {
    std::set<std::string> known_sections;
    for (const auto& k : keys_) {
        known_sections.insert(k.section);
        for (const auto& alias : k.aliases) known_sections.insert(split_alias(k, alias).section);
    }
    auto known_anywhere = [&](const std::string& key) {
        return std::any_of(known_sections.begin(), known_sections.end(),
                           [&](const auto& s) { return lookup(s, key) != nullptr; });
    };
    for (const auto& section : ini.sections()) {
        auto own = ini.own_entries(section);
        if (!known_sections.contains(section)) {
            Diagnostic d{own.empty() ? "" : own.front().file, own.empty() ? 0 : own.front().line,
                         "unknown section [" + section + "] ignored"};
            out.warnings.push_back(std::move(d));
            continue;
        }
        for (const auto& e : own)
            if (lookup(section, e.key) == nullptr)
                out.warnings.push_back({e.file, e.line, "unknown key [" + section + "] " + e.key + " ignored"});
    }
    for (const auto& e : ini.own_entries(kDefaultSection))
        if (!known_anywhere(e.key))
            out.warnings.push_back({e.file, e.line, "unknown key [DEFAULT] " + e.key + " ignored"});
}

Validated ConfigTable::validate(const Ini& ini) const {
    Validated out;
    for (const auto& spec : keys_) {
        if (spec.family)
            add_family(spec, ini, out);
        else
            add_plain(spec, ini, out);
    }
    warn_unknown(ini, out);
    return out;
}

}  // namespace mailsec::daemon
