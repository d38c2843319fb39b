// The access table and the sendmail-style lookup order (milter.md §3.4).
#include "access_table.hpp"

#include "mailsec/core/ascii.hpp"

namespace mailsec::spfmilter {

namespace {

std::string strip_nul(std::string_view s) {
    if (!s.empty() && s.back() == '\0') s.remove_suffix(1);
    return std::string(s);
}

// Splits one text line into key and value at the first run of whitespace.
std::pair<std::string_view, std::string_view> split_line(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && !core::is_ascii_space(line[i])) ++i;
    return {line.substr(0, i), core::trim(line.substr(i))};
}

}  // namespace

AccessTable AccessTable::from_pairs(const AccessPairs& pairs, std::vector<std::string>& warnings) {
    AccessTable table;
    for (const auto& [raw_key, raw_value] : pairs) {
        std::string key = core::to_lower(strip_nul(raw_key));
        std::string value(core::trim(strip_nul(raw_value)));
        if (!table.map_.emplace(key, std::move(value)).second)
            warnings.push_back("duplicate key \"" + key + "\" ignored (the first one wins)");
    }
    return table;
}

const std::string* AccessTable::find(std::string_view key) const {
    auto it = map_.find(std::string(key));
    return it == map_.end() ? nullptr : &it->second;
}

AccessTable parse_access_text(std::string_view text, std::string_view source, std::vector<std::string>& warnings) {
    AccessPairs pairs;
    int line_no = 0;
    while (!text.empty()) {
        ++line_no;
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        line = core::trim(line);
        if (line.empty() || line.front() == '#') continue;
        auto [key, value] = split_line(line);
        if (value.empty())
            warnings.push_back(std::string(source) + ":" + std::to_string(line_no) + ": key \"" + std::string(key) +
                               "\" has no value");
        pairs.emplace_back(std::string(key), std::string(value));
    }
    std::vector<std::string> dups;
    AccessTable table = AccessTable::from_pairs(pairs, dups);
    for (auto& d : dups) warnings.push_back(std::string(source) + ": " + d);
    return table;
}

std::vector<std::string> policy_keys(std::string_view tag, std::string_view address, char separator) {
    std::string prefix = core::to_lower(tag) + separator;
    std::string addr = core::to_lower(address);
    std::vector<std::string> keys;
    std::size_t at = addr.rfind('@');
    std::string domain = at == std::string::npos ? addr : addr.substr(at + 1);
    if (at != std::string::npos) keys.push_back(prefix + addr);
    if (!domain.empty()) keys.push_back(prefix + domain);
    // Leading-dot parents only: ".example.com" covers sub.example.com, never example.com.
    for (std::size_t dot = domain.find('.'); dot != std::string::npos; dot = domain.find('.', dot + 1))
        if (dot + 1 < domain.size()) keys.push_back(prefix + domain.substr(dot));
    keys.push_back(prefix);
    keys.push_back(core::to_lower(tag));
    return keys;
}

std::optional<PolicyMatch> lookup_policy(const AccessTable& table, std::string_view tag, std::string_view address,
                                         char separator) {
    for (auto& key : policy_keys(tag, address, separator)) {
        const std::string* value = table.find(key);
        if (value != nullptr && !value->empty()) return PolicyMatch{key, *value};
    }
    return std::nullopt;
}

}  // namespace mailsec::spfmilter
