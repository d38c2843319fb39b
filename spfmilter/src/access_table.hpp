// spfmilter's access map in memory (milter.md §3.4, §3.6): an immutable table of
// lowercased keys, and the sendmail-style policy lookup over it.
//
//   std::vector<std::string> warnings;
//   auto table = spfmilter::parse_access_text("SPF-Fail:  REJECT\n", "access", warnings);
//   auto m = spfmilter::lookup_policy(*table, "spf-fail", "bob@mail.example.com", ':');
//   if (m && core::iequals(m->value, "REJECT")) ...   // m->key == "spf-fail:" (default entry)
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mailsec/core/result.hpp"

namespace mailsec::spfmilter {

using AccessPairs = std::vector<std::pair<std::string, std::string>>;

class AccessTable {
public:
    AccessTable() = default;
    // Keys are lowercased and one trailing NUL is stripped from keys and values (postmap
    // and makemap -N store one). The first of duplicate keys wins; each later one adds
    // a warning naming the key.
    static AccessTable from_pairs(const AccessPairs& pairs, std::vector<std::string>& warnings);

    // Exact lookup of an already lowercased key; nullptr when absent.
    const std::string* find(std::string_view key) const;
    std::size_t size() const { return map_.size(); }

private:
    std::unordered_map<std::string, std::string> map_;
};

// The text source form: "key<whitespace>value" per line; '#' comment lines and blank
// lines skipped; a key without a value maps to "" (which counts as absent). Never fails
// on content: bad lines are warnings ("SOURCE:LINE: ...").
AccessTable parse_access_text(std::string_view text, std::string_view source, std::vector<std::string>& warnings);

// The keys tried for `tag` (e.g. "spf-pass", any case) and `address` ("local@domain"
// or a bare domain such as a HELO name), first to last (milter.md §3.4): the full
// address, the domain, ".parent" for each parent, "tag<sep>" and the bare tag.
std::vector<std::string> policy_keys(std::string_view tag, std::string_view address, char separator);

struct PolicyMatch {
    std::string key;    // the key that matched, lowercased
    std::string value;  // as stored (trimmed)
};

// The first key of policy_keys() with a non-empty value.
std::optional<PolicyMatch> lookup_policy(const AccessTable& table, std::string_view tag, std::string_view address,
                                         char separator);

}  // namespace mailsec::spfmilter
