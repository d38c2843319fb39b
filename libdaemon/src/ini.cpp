// The INI reader: a line-by-line port of the rules of Python's
// configparser.RawConfigParser._read (3.x defaults), so values, continuations and
// errors match what the Python daemons accepted.
#include "mailsec/daemon/ini.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "mailsec/core/ascii.hpp"

namespace mailsec::daemon {
namespace {

using core::to_lower;
using core::trim;

// ConfigParser folds "%%" to "%" on get (BasicInterpolation); we fold once on read.
std::string fold_percent(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        out += raw[i];
        if (raw[i] == '%' && i + 1 < raw.size() && raw[i + 1] == '%') ++i;
    }
    return out;
}

std::size_t indent_of(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && core::is_ascii_space(line[i])) ++i;
    return i;
}

bool is_comment(std::string_view stripped) {
    return !stripped.empty() && (stripped.front() == '#' || stripped.front() == ';');
}

// Parses one text into a fresh Ini-shaped list of sections, collecting every error.
class Parser {
public:
    Parser(std::string_view source, IniOptions options) : source_(source), options_(options) {}

    void parse(std::string_view text) {
        int lineno = 0;
        while (!text.empty() || lineno == 0) {
            auto nl = text.find('\n');
            std::string_view line = text.substr(0, nl);
            text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
            ++lineno;
            parse_line(line, lineno);
            if (text.empty()) break;
        }
        finish_value();
    }

    std::vector<Ini::Section> sections;
    std::vector<std::string> errors;

private:
    void parse_line(std::string_view line, int lineno) {
        std::string_view stripped = trim(line);
        if (is_comment(stripped)) return;  // never part of a value, never ends one
        if (stripped.empty()) {
            // Python keeps blank lines inside a value when more continuation follows.
            if (current_ != nullptr) pending_blank_ += 1;
            return;
        }
        std::size_t indent = indent_of(line);
        if (current_ != nullptr && indent > indent_level_) {
            continuation_.append(pending_blank_ + 1, '\n').append(stripped);
            pending_blank_ = 0;
            return;
        }
        finish_value();
        indent_level_ = indent;
        if (stripped.front() == '[' && stripped.find(']') != std::string_view::npos)
            section_line(stripped, lineno);
        else if (section_ < 0)
            error(lineno, "key outside any section (the file needs a [section] header first)");
        else
            option_line(stripped, lineno);
    }

    void section_line(std::string_view stripped, int lineno) {
        // SECTCRE is \[(.+)\]: the name runs to the last ']' of the line.
        auto close = stripped.rfind(']');
        std::string name(stripped.substr(1, close - 1));
        if (name.empty()) {
            error(lineno, "empty section name");
            return;
        }
        if (options_.strict && seen_sections_.contains(name)) error(lineno, "duplicate section [" + name + "]");
        seen_sections_.insert(name);
        auto it = std::find_if(sections.begin(), sections.end(), [&](const auto& s) { return s.name == name; });
        if (it == sections.end()) {
            sections.push_back(Ini::Section{name, {}});
            it = sections.end() - 1;
        }
        section_ = static_cast<int>(it - sections.begin());
    }

    void option_line(std::string_view stripped, int lineno) {
        auto delim = stripped.find_first_of("=:");
        if (delim == std::string_view::npos) {
            error(lineno, "expected \"key = value\" or \"key: value\", got \"" + std::string(stripped) + "\"");
            return;
        }
        std::string key = to_lower(trim(stripped.substr(0, delim)));
        if (key.empty()) {
            error(lineno, "empty key name");
            return;
        }
        auto& sec = sections[static_cast<std::size_t>(section_)];
        if (options_.strict && !seen_keys_.insert({sec.name, key}).second)
            error(lineno, "duplicate key \"" + key + "\" in section [" + sec.name + "]");
        auto it = std::find_if(sec.entries.begin(), sec.entries.end(), [&](const auto& e) { return e.key == key; });
        if (it == sec.entries.end()) {
            sec.entries.push_back(IniEntry{key, {}, source_, lineno});
            it = sec.entries.end() - 1;
        }
        it->line = lineno;
        current_ = &*it;
        continuation_ = std::string(trim(stripped.substr(delim + 1)));
        pending_blank_ = 0;
    }

    // Joins the value being read (trailing blank lines dropped, as Python's rstrip()).
    void finish_value() {
        if (current_ != nullptr) current_->value = fold_percent(trim(continuation_));
        current_ = nullptr;
        continuation_.clear();
        pending_blank_ = 0;
    }

    void error(int lineno, const std::string& message) {
        errors.push_back(source_ + ":" + std::to_string(lineno) + ": " + message);
    }

    std::string source_;
    IniOptions options_;
    int section_ = -1;
    IniEntry* current_ = nullptr;  // points into sections; finished before sections grows
    std::string continuation_;
    std::size_t indent_level_ = 0;
    std::size_t pending_blank_ = 0;
    std::set<std::string> seen_sections_;
    std::set<std::pair<std::string, std::string>> seen_keys_;
};

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
    return out;
}

}  // namespace

core::Status Ini::read_string(std::string_view text, std::string_view source, IniOptions options) {
    Parser parser(source, options);
    parser.parse(text);
    if (!parser.errors.empty()) return core::make_error("ini-syntax", join_lines(parser.errors));
    for (auto& parsed : parser.sections) {
        Section& target = ensure_section(parsed.name);
        for (auto& entry : parsed.entries) {
            auto it = std::find_if(target.entries.begin(), target.entries.end(),
                                   [&](const auto& e) { return e.key == entry.key; });
            if (it == target.entries.end())
                target.entries.push_back(std::move(entry));
            else
                *it = std::move(entry);
        }
    }
    files_.emplace_back(source);
    return {};
}

core::Status Ini::read_file(const std::filesystem::path& path, IniOptions options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::make_error("io", path.string() + ": cannot open for reading");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return core::make_error("io", path.string() + ": read error");
    return read_string(text.str(), path.string(), options);
}

core::Status Ini::read_files(const std::vector<std::filesystem::path>& paths, IniOptions options) {
    for (const auto& p : paths)
        if (auto st = read_file(p, options); !st) return st;
    return {};
}

std::vector<std::string> Ini::sections() const {
    std::vector<std::string> out;
    for (const auto& s : sections_)
        if (s.name != kDefaultSection) out.push_back(s.name);
    return out;
}

bool Ini::has_section(std::string_view section) const {
    return section != kDefaultSection && section_named(section) != nullptr;
}

const IniEntry* Ini::find(std::string_view section, std::string_view key) const {
    std::string lowered = to_lower(key);
    for (std::string_view name : {section, kDefaultSection}) {
        const Section* s = section_named(name);
        if (s == nullptr) continue;
        for (const auto& e : s->entries)
            if (e.key == lowered) return &e;
    }
    return nullptr;
}

std::optional<std::string> Ini::get(std::string_view section, std::string_view key) const {
    const IniEntry* e = find(section, key);
    if (e == nullptr) return std::nullopt;
    return e->value;
}

std::vector<IniEntry> Ini::entries(std::string_view section) const {
    std::vector<IniEntry> out;
    if (const Section* s = section_named(section)) out = s->entries;
    for (const auto& d : own_entries(kDefaultSection))
        if (std::none_of(out.begin(), out.end(), [&](const auto& e) { return e.key == d.key; })) out.push_back(d);
    return out;
}

std::vector<IniEntry> Ini::own_entries(std::string_view section) const {
    const Section* s = section_named(section);
    return s == nullptr ? std::vector<IniEntry>{} : s->entries;
}

void Ini::set(std::string_view section, std::string_view key, std::string value, std::string source) {
    Section& s = ensure_section(section);
    std::string lowered = to_lower(key);
    auto it = std::find_if(s.entries.begin(), s.entries.end(), [&](const auto& e) { return e.key == lowered; });
    if (it == s.entries.end()) it = s.entries.insert(s.entries.end(), IniEntry{lowered, {}, {}, 0});
    it->value = std::move(value);
    it->file = std::move(source);
    it->line = 0;
}

Ini::Section* Ini::section_named(std::string_view name) {
    auto it = std::find_if(sections_.begin(), sections_.end(), [&](const auto& s) { return s.name == name; });
    return it == sections_.end() ? nullptr : &*it;
}

const Ini::Section* Ini::section_named(std::string_view name) const {
    auto it = std::find_if(sections_.begin(), sections_.end(), [&](const auto& s) { return s.name == name; });
    return it == sections_.end() ? nullptr : &*it;
}

Ini::Section& Ini::ensure_section(std::string_view name) {
    if (Section* s = section_named(name)) return *s;
    sections_.push_back(Section{std::string(name), {}});
    return sections_.back();
}

std::vector<std::filesystem::path> existing_files(const std::vector<std::filesystem::path>& search_path) {
    std::vector<std::filesystem::path> out;
    for (const auto& p : search_path) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(p, ec)) out.push_back(p);
    }
    return out;
}

}  // namespace mailsec::daemon
