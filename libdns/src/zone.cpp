// dns::Zone: the owner -> items table behind ZoneResolver (spf.md §7 "Fake DNS rules").
#include <utility>

#include "mailsec/core/ascii.hpp"
#include "mailsec/dns/zone_resolver.hpp"

namespace mailsec::dns {

namespace {

// Rule 2: one trailing dot stripped, lowercased, otherwise verbatim. No validity
// check: the suites' owners hold spaces, '%', ':' and '/'.
std::string owner_key(std::string_view owner) {
    if (!owner.empty() && owner.back() == '.') owner.remove_suffix(1);
    return core::to_lower(owner);
}

ZoneItem make_item(RecordType type, ZoneItem::Data data, std::uint32_t ttl) {
    ZoneItem item;
    item.type = type;
    item.data = std::move(data);
    item.ttl = ttl;
    return item;
}

}  // namespace

void Zone::add(std::string_view owner, ZoneItem item) {
    std::string key = owner_key(owner);
    if (item.type == RecordType::TXT && !std::holds_alternative<ZoneItem::Timeout>(item.data))
        has_txt_item_[key] = true;
    owners_[std::move(key)].push_back(std::move(item));
}

void Zone::add_a(std::string_view owner, Ipv4Address address, std::uint32_t ttl) {
    add(owner, make_item(RecordType::A, address, ttl));
}

void Zone::add_aaaa(std::string_view owner, Ipv6Address address, std::uint32_t ttl) {
    add(owner, make_item(RecordType::AAAA, address, ttl));
}

// Targets are stored as answers carry them (answer.hpp): lowercase, no trailing dot.
void Zone::add_mx(std::string_view owner, std::uint16_t preference, std::string_view exchange, std::uint32_t ttl) {
    add(owner, make_item(RecordType::MX, MxRecord{preference, owner_key(exchange)}, ttl));
}

void Zone::add_ptr(std::string_view owner, std::string_view target, std::uint32_t ttl) {
    add(owner, make_item(RecordType::PTR, owner_key(target), ttl));
}

void Zone::add_cname(std::string_view owner, std::string_view target, std::uint32_t ttl) {
    add(owner, make_item(RecordType::CNAME, owner_key(target), ttl));
}

void Zone::add_txt(std::string_view owner, std::vector<std::string> strings, std::uint32_t ttl) {
    add(owner, make_item(RecordType::TXT, TxtRecord{std::move(strings)}, ttl));
}

void Zone::add_spf(std::string_view owner, std::vector<std::string> strings, std::uint32_t ttl) {
    add(owner, make_item(RecordType::SPF, TxtRecord{std::move(strings)}, ttl));
}

void Zone::add_timeout(std::string_view owner, std::optional<RecordType> only) {
    add(owner, make_item(RecordType::A, ZoneItem::Timeout{only}, 0));
}

// `TXT: NONE` lands here as well as "exists, no records": the owner exists, and
// rule 1 then treats it as having a TXT item, which suppresses the SPF copy.
void Zone::add_empty(std::string_view owner) {
    std::string key = owner_key(owner);
    has_txt_item_[key] = true;
    owners_[std::move(key)];
}

// Rule 1: an owner with no TXT item at all serves each of its SPF RRs as TXT too,
// appended after its other items in the same order. Idempotent: once copied, the
// owner has TXT items.
void Zone::copy_spf_to_txt() {
    for (auto& [owner, items] : owners_) {
        if (has_txt_item_.contains(owner)) continue;
        std::vector<ZoneItem> copies;
        for (const auto& item : items)
            if (item.type == RecordType::SPF && std::holds_alternative<TxtRecord>(item.data))
                copies.push_back(make_item(RecordType::TXT, item.data, item.ttl));
        if (copies.empty()) continue;
        items.insert(items.end(), std::make_move_iterator(copies.begin()), std::make_move_iterator(copies.end()));
        has_txt_item_[owner] = true;
    }
}

bool Zone::contains(std::string_view owner) const { return owners_.contains(owner_key(owner)); }

}  // namespace mailsec::dns
