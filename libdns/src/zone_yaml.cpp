// parse_zone_yaml: the `zonedata` mapping of the RFC 7208 suites (spf.md §7).
// yaml-cpp decodes double-quoted escapes to code points and hands back their UTF-8
// encoding, which is what the spec asks the zone to serve ("\x80" -> C2 80).
#include <arpa/inet.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <exception>
#include <limits>
#include <utility>

#include "mailsec/core/ascii.hpp"
#include "mailsec/dns/zone_resolver.hpp"

namespace mailsec::dns {

namespace {

constexpr std::size_t max_input = std::size_t{16} << 20;
// Aliases let a small document name one node many times; bound what gets stored.
constexpr std::size_t max_items = 100'000;
constexpr std::size_t max_bytes = std::size_t{64} << 20;

core::Error syntax_at(const YAML::Mark& mark, const std::string& message) {
    if (mark.is_null()) return core::make_error("zone-syntax", message);
    return core::make_error("zone-syntax", "line " + std::to_string(mark.line + 1) + ": " + message);
}

// Builds the zone owner by owner, keeping the totals that bound alias expansion.
class Loader {
public:
    core::Result<void> owner(const YAML::Node& key, const YAML::Node& items);
    Zone take() && { return std::move(zone_); }

private:
    core::Result<void> item(const std::string& owner, const YAML::Node& node);
    core::Result<void> record(const std::string& owner, RecordType type, const YAML::Node& value);
    core::Result<void> txt(const std::string& owner, RecordType type, const YAML::Node& value);
    core::Result<void> mx(const std::string& owner, const YAML::Node& value);
    core::Result<void> count(const YAML::Node& node, std::size_t bytes);

    Zone zone_;
    std::size_t items_ = 0;
    std::size_t bytes_ = 0;
};

core::Result<void> Loader::count(const YAML::Node& node, std::size_t bytes) {
    bytes_ += bytes;
    if (++items_ > max_items) return syntax_at(node.Mark(), "more than 100000 items");
    if (bytes_ > max_bytes) return syntax_at(node.Mark(), "more than 64 MiB of data");
    return {};
}

// `owner: [items...]`; a null or empty list still makes the owner exist (NODATA).
core::Result<void> Loader::owner(const YAML::Node& key, const YAML::Node& items) {
    if (!key.IsScalar()) return syntax_at(key.Mark(), "owner name must be a string");
    const std::string& name = key.Scalar();
    if (auto ok = count(key, name.size()); !ok) return ok;
    if (!items.IsNull() && !items.IsSequence()) return syntax_at(items.Mark(), "owner's items must be a list");
    if (items.IsSequence())
        for (const auto& node : items)
            if (auto ok = item(name, node); !ok) return ok;
    // Items such as `SPF: NONE` add nothing; the owner exists all the same.
    if (!zone_.contains(name)) zone_.add_empty(name);
    return {};
}

// Each item is the bare word TIMEOUT or a one-key mapping `TYPE: value`.
core::Result<void> Loader::item(const std::string& owner, const YAML::Node& node) {
    if (auto ok = count(node, 0); !ok) return ok;
    if (node.IsScalar() && node.Scalar() == "TIMEOUT") {
        zone_.add_timeout(owner);
        return {};
    }
    if (!node.IsMap() || node.size() != 1)
        return syntax_at(node.Mark(), "an item must be TIMEOUT or a one-key mapping such as 'A: 192.0.2.1'");
    auto entry = *node.begin();
    auto type = entry.first.IsScalar() ? parse_record_type(entry.first.Scalar()) : std::nullopt;
    if (!type) return syntax_at(entry.first.Mark(), "unknown record type");
    const YAML::Node& value = entry.second;
    if (value.IsScalar() && value.Scalar() == "TIMEOUT") {  // `<TYPE>: TIMEOUT`, rule 4
        zone_.add_timeout(owner, *type);
        return {};
    }
    if (value.IsScalar() && value.Scalar() == "NONE") {  // rule 1: dropped, but TXT: NONE counts as a TXT item
        if (*type == RecordType::TXT) zone_.add_empty(owner);
        return {};
    }
    return record(owner, *type, value);
}

template <typename Address>
core::Result<Address> address(const YAML::Node& value, int family) {
    Address out{};
    if (!value.IsScalar() || value.Scalar().find('\0') != std::string::npos ||
        inet_pton(family, value.Scalar().c_str(), out.data()) != 1)
        return syntax_at(value.Mark(), family == AF_INET ? "bad IPv4 address" : "bad IPv6 address");
    return out;
}

core::Result<void> Loader::record(const std::string& owner, RecordType type, const YAML::Node& value) {
    switch (type) {
        case RecordType::A: {
            auto a = address<Ipv4Address>(value, AF_INET);
            if (!a) return a.error();
            zone_.add_a(owner, *a);
            return {};
        }
        case RecordType::AAAA: {  // inet_pton takes any case and an embedded dotted quad
            auto a = address<Ipv6Address>(value, AF_INET6);
            if (!a) return a.error();
            zone_.add_aaaa(owner, *a);
            return {};
        }
        case RecordType::MX: return mx(owner, value);
        case RecordType::PTR:
        case RecordType::CNAME:
            if (!value.IsScalar()) return syntax_at(value.Mark(), "PTR and CNAME take a name");
            if (auto ok = count(value, value.Scalar().size()); !ok) return ok;
            if (type == RecordType::PTR)
                zone_.add_ptr(owner, value.Scalar());
            else
                zone_.add_cname(owner, value.Scalar());
            return {};
        case RecordType::TXT:
        case RecordType::SPF: return txt(owner, type, value);
    }
    return syntax_at(value.Mark(), "unsupported record type");
}

// `MX: [pref, name]`; name "" is a null MX (RFC 7505).
core::Result<void> Loader::mx(const std::string& owner, const YAML::Node& value) {
    if (!value.IsSequence() || value.size() != 2 || !value[0].IsScalar() || !value[1].IsScalar())
        return syntax_at(value.Mark(), "MX takes [preference, name]");
    const std::string& pref_text = value[0].Scalar();
    std::uint16_t pref = 0;
    auto [ptr, ec] = std::from_chars(pref_text.data(), pref_text.data() + pref_text.size(), pref);
    if (ec != std::errc{} || ptr != pref_text.data() + pref_text.size() || pref_text.empty())
        return syntax_at(value[0].Mark(), "bad MX preference");
    if (auto ok = count(value, value[1].Scalar().size()); !ok) return ok;
    zone_.add_mx(owner, pref, value[1].Scalar());
    return {};
}

// `TXT: "s"` is one RR with one string; `TXT: [s1, s2]` one RR with those strings.
core::Result<void> Loader::txt(const std::string& owner, RecordType type, const YAML::Node& value) {
    std::vector<std::string> strings;
    if (value.IsScalar()) {
        strings.push_back(value.Scalar());
    } else if (value.IsSequence()) {
        for (const auto& s : value) {
            if (!s.IsScalar()) return syntax_at(s.Mark(), "TXT and SPF strings must be scalars");
            strings.push_back(s.Scalar());
        }
    } else {
        return syntax_at(value.Mark(), "TXT and SPF take a string or a list of strings");
    }
    std::size_t bytes = 0;
    for (const auto& s : strings) bytes += s.size();
    if (auto ok = count(value, bytes); !ok) return ok;
    if (type == RecordType::TXT)
        zone_.add_txt(owner, std::move(strings));
    else
        zone_.add_spf(owner, std::move(strings));
    return {};
}

core::Result<Zone> load(std::string_view yaml) {
    YAML::Node root = YAML::Load(std::string(yaml));
    if (root.IsNull()) return Zone{};
    if (!root.IsMap()) return syntax_at(root.Mark(), "zone data must be a mapping of owner names to lists");
    Loader loader;
    for (const auto& entry : root)
        if (auto ok = loader.owner(entry.first, entry.second); !ok) return ok.error();
    Zone zone = std::move(loader).take();
    zone.copy_spf_to_txt();
    return zone;
}

}  // namespace

// yaml-cpp reports bad input by throwing; every exception becomes an error value.
core::Result<Zone> parse_zone_yaml(std::string_view yaml) {
    if (yaml.size() > max_input) return core::make_error("zone-syntax", "zone YAML larger than 16 MiB");
    try {
        return load(yaml);
    } catch (const YAML::Exception& e) {
        return syntax_at(e.mark, e.msg);
    } catch (const std::exception& e) {
        return core::make_error("zone-syntax", std::string("zone YAML: ") + e.what());
    }
}

}  // namespace mailsec::dns
