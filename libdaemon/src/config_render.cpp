// The two texts the table produces: --help (man-page style key reference) and
// --check-config (the effective configuration, secrets masked, readable back as INI).
#include <algorithm>
#include <limits>
#include <sstream>

#include "mailsec/daemon/config.hpp"

namespace mailsec::daemon {
namespace {

constexpr std::string_view kMask = "********";  // fixed length: the mask reveals nothing

// Greedy word wrap of `text` at `width`: the first line prefixed by `indent`, the
// others by `hanging` (a man page's hanging indent).
std::string wrap(std::string_view text, std::size_t width, std::string_view indent, std::string_view hanging) {
    std::string out;
    std::string line;
    std::istringstream words{std::string(text)};
    for (std::string w; words >> w;) {
        if (!line.empty() && indent.size() + line.size() + 1 + w.size() > width) {
            out += std::string(indent) + line + "\n";
            line.clear();
            indent = hanging;
        }
        line += (line.empty() ? "" : " ") + w;
    }
    if (!line.empty()) out += std::string(indent) + line + "\n";
    return out;
}

std::string range_text(const KeySpec& k) {
    constexpr auto lo = std::numeric_limits<std::int64_t>::min();
    constexpr auto hi = std::numeric_limits<std::int64_t>::max();
    if (k.min == lo && k.max == hi) return "";
    std::string unit = k.type == KeyType::duration ? "s" : "";
    if (k.min == lo) return "at most " + std::to_string(k.max) + unit;
    if (k.max == hi) return "at least " + std::to_string(k.min) + unit;
    return std::to_string(k.min) + ".." + std::to_string(k.max) + unit;
}

// "(integer, 1..65535, default 25, also: port)"
std::string key_summary(const KeySpec& k) {
    std::string s = "(" + std::string(key_type_name(k.type));
    if (k.type == KeyType::integer || k.type == KeyType::duration)
        if (auto r = range_text(k); !r.empty()) s += ", " + r;
    if (k.type == KeyType::enumeration) {
        std::string all;
        for (const auto& c : k.choices) all += (all.empty() ? "" : "|") + c;
        s += ", one of " + all;
    }
    if (k.secret) s += ", secret";
    s += k.default_value.empty() ? ", no default" : ", default " + (k.secret ? std::string(kMask) : k.default_value);
    if (!k.aliases.empty()) {
        std::string all;
        for (const auto& a : k.aliases) all += (all.empty() ? "" : ", ") + a;
        s += ", also: " + all;
    }
    return s + ")";
}

std::vector<std::string> sections_in_order(const std::vector<KeySpec>& keys) {
    std::vector<std::string> out;
    for (const auto& k : keys)
        if (std::find(out.begin(), out.end(), k.section) == out.end()) out.push_back(k.section);
    return out;
}

// A value written back as INI: '%' doubled (ConfigParser folds "%%"), newlines as
// indented continuation lines.
std::string ini_escape(std::string_view v) {
    std::string out;
    for (char c : v) {
        if (c == '%')
            out += "%%";
        else if (c == '\n')
            out += "\n    ";
        else
            out += c;
    }
    return out;
}

std::string item_text(const ConfigItem& item) {
    std::string source = item.file.empty() ? "default" : item.file;
    if (item.line > 0) source += ":" + std::to_string(item.line);
    std::string value = item.spec->secret ? std::string(kMask) : ini_escape(format_value(*item.spec, item.value));
    return "# " + source + "\n" + item.key + " = " + value + "\n";
}

}  // namespace

std::string ConfigTable::render_help(std::size_t width) const {
    std::string out;
    for (const auto& section : sections_in_order(keys_)) {
        out += "[" + section + "]\n";
        for (const auto& k : keys_) {
            if (k.section != section) continue;
            std::string name = k.family ? k.name + "N" : k.name;
            out += wrap(name + " " + key_summary(k), width, "    ", "            ");
            out += wrap(k.help, width, "        ", "        ");
        }
        out += "\n";
    }
    return out;
}

std::string ConfigTable::render_effective(const Config& config) const {
    std::string out = "# effective configuration; secrets are masked\n";
    for (const auto& section : sections_in_order(keys_)) {
        out += "\n[" + section + "]\n";
        for (const auto& item : config.items()) {
            if (item.spec->section != section) continue;
            if (std::holds_alternative<std::monostate>(item.value))
                out += "# " + item.key + " is unset\n";
            else
                out += item_text(item);
        }
    }
    return out;
}

}  // namespace mailsec::daemon
