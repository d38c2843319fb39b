// Map dispatch and the helpers both map families share (srs.md §7, §8).
#include "maps.hpp"

#include "mailsec/core/ascii.hpp"

namespace mailsec::srsd {

namespace {
constexpr auto case_warning_interval = std::chrono::minutes{1};

std::vector<std::string> lowered(std::vector<std::string> list) {
    for (auto& item : list) item = core::to_lower(item);
    return list;
}
}  // namespace

bool domain_in(std::string_view domain, const std::vector<std::string>& list) {
    for (const auto& entry : list) {
        if (!entry.empty() && entry.front() == '.') {
            if (domain.size() > entry.size() && core::iequals(domain.substr(domain.size() - entry.size()), entry))
                return true;
        } else if (core::iequals(domain, entry)) {
            return true;
        }
    }
    return false;
}

std::string focused(std::string_view address) {
    auto at = address.rfind('@');
    if (at == std::string_view::npos) return std::string(address);
    std::string out(address.substr(0, at));
    out += "<@";
    out += address.substr(at + 1);
    out += ".>";
    return out;
}

std::string strip_angles(std::string_view address) {
    std::string out;
    out.reserve(address.size());
    for (char c : address)
        if (c != '<' && c != '>') out += c;
    if (!out.empty() && out.back() == '.') out.pop_back();
    return out;
}

Maps::Maps(MapSettings settings, Schemes schemes, daemon::Logger log)
    : settings_(std::move(settings)), schemes_(std::move(schemes)), log_(std::move(log)) {
    settings_.domains = lowered(std::move(settings_.domains));
    settings_.ses = lowered(std::move(settings_.ses));
    settings_.sign = lowered(std::move(settings_.sign));
}

Reply Maps::request(std::string_view payload) {
    auto space = payload.find(' ');
    std::string map(payload.substr(0, space));
    for (char& c : map)
        if (c == '-') c = '_';
    if (map != "make_srs" && map != "reverse_srs" && map != "forward" && map != "reverse") {
        failed(map, {}, "unknown map");
        return Reply::perm("unknown map: " + std::string(payload.substr(0, space)));
    }
    if (space == std::string_view::npos || space + 1 == payload.size()) {
        failed(map, {}, "missing key");
        return Reply::perm("missing key");
    }
    return lookup(map, payload.substr(space + 1));
}

Reply Maps::lookup(std::string_view map, std::string_view key) {
    if (map == "forward") return forward(key);
    if (map == "reverse") return reverse(key);
    if (map == "make_srs") return make_srs(key);
    if (map == "reverse_srs") return reverse_srs(key);
    failed(map, key, "unknown map");
    return Reply::perm("unknown map: " + std::string(map));
}

bool Maps::reverses(std::string_view address) const { return schemes_.scheme->reverse(address).ok(); }

bool Maps::is_ours(std::string_view domain) const {
    return core::iequals(domain, settings_.fwdomain) || domain_in(domain, settings_.domains);
}

// A hash that matched only case-insensitively is accepted (srs.md §2 step 3), but an
// MTA smashing case is worth knowing about: one line a minute at most.
void Maps::note_case_warning(std::string_view map, std::string_view key) {
    auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    auto next = next_case_warning_.load();
    auto later = now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(case_warning_interval).count();
    if (now < next || !next_case_warning_.compare_exchange_strong(next, later)) return;
    log_.warning("hash matched only case-insensitively", {{"map", map}, {"key", key}});
}

void Maps::failed(std::string_view map, std::string_view key, std::string_view reason) const {
    log_.warning("request failed", {{"map", map}, {"key", key}, {"reason", reason}});
}

}  // namespace mailsec::srsd
