// SES sign/verify (srs.md §6), the bit layout and base-38 text of pysrs's SES.py.
#include "mailsec/srs/ses.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <utility>

#include "hmac.hpp"
#include "mailsec/core/ascii.hpp"
#include "mailsec/srs/codec.hpp"
#include "mailsec/srs/error.hpp"

namespace mailsec::srs {
namespace {

__extension__ typedef unsigned __int128 u128;  // srs.md §6: 128-bit arithmetic

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
constexpr u128 base = 38;

std::string encode38(u128 v) {
    std::string out;
    do {
        out.insert(out.begin(), alphabet[static_cast<std::size_t>(v % base)]);
        v /= base;
    } while (v != 0);
    return out;
}

// nullopt for an empty text, a character outside the alphabet, or a value over 128 bits.
std::optional<u128> decode38(std::string_view text) {
    if (text.empty()) return std::nullopt;
    u128 v = 0;
    const u128 limit = ~u128{0} / base;
    for (char c : text) {
        auto d = alphabet.find(core::ascii_upper(c));
        if (d == std::string_view::npos || v > limit) return std::nullopt;
        u128 next = v * base + d;
        if (next < v * base) return std::nullopt;
        v = next;
    }
    return v;
}

void append_be64(std::string& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

// (smallest t >= 1 with 2^t - 1 > expiration) + fbits.
int timestamp_bits(int expiration, int fbits) {
    int t = 1;
    while ((1LL << t) - 1 <= expiration) ++t;
    return t + fbits;
}

core::Status check(const SesOptions& o) {
    if (o.secrets.empty()) return make_error(ErrorKind::no_secret, "SES needs a secret");
    for (const auto& s : o.secrets)
        if (s.empty()) return make_error(ErrorKind::no_secret, "empty SES secret");
    auto bad = [](std::string m) { return make_error(ErrorKind::bad_config, "SES: " + std::move(m)); };
    if (o.hash_bits < 8 || o.hash_bits > 112) return bad("hash bits must be 8..112");
    if (o.expiration < 0 || o.expiration > 1023) return bad("expiration must be 0..1023 days");
    if (o.fbits < 0 || o.fbits > 16) return bad("fbits must be 0..16");
    if (o.nservers < 1 || o.server >= o.nservers) return bad("server must be below nservers");
    if (o.max_validations < 1) return bad("max validations must be at least 1");
    if (o.hash_bits + timestamp_bits(o.expiration, o.fbits) > 120) return bad("hash and time bits exceed 120");
    return {};
}

}  // namespace

struct Ses::Impl {
    SesOptions o;
    std::vector<detail::Hmac> keys;
    const core::Clock* clock = nullptr;
    int tsbits = 0;
    std::uint64_t tcmask = 0;
    std::uint64_t exp_units = 0;
    std::int64_t unit = 0;

    std::mutex seq_mutex;
    std::uint64_t last_tc = ~std::uint64_t{0};
    std::uint64_t last_seq = 0;

    std::mutex replay_mutex;
    std::map<std::pair<std::uint64_t, std::uint64_t>, int> validations;  // (tc, msgid) → count

    std::uint64_t now_tc() const {
        auto t = unix_seconds(clock->now());
        return t < 0 ? 0 : static_cast<std::uint64_t>(t / unit);
    }

    // Leading hash_bits bits of HMAC(be64(tc) be64(msgid) local "@" lower(domain)):
    // the local part keeps its case (ses-18/19), the domain does not (ses-17).
    u128 mac(std::size_t key, std::uint64_t tc, std::uint64_t msgid, std::string_view local,
             std::string_view domain) const {
        std::string head;
        append_be64(head, tc);
        append_be64(head, msgid);
        auto d = keys[key].digest({head, local, "@", core::to_lower(domain)});
        auto nbytes = static_cast<std::size_t>((o.hash_bits + 7) / 8);
        u128 h = 0;
        for (std::size_t i = 0; i < nbytes; ++i) h = (h << 8) | d[i];
        return h >> (nbytes * 8 - static_cast<std::size_t>(o.hash_bits));
    }

    bool mac_matches(u128 hash, std::uint64_t tc, std::uint64_t msgid, std::string_view local,
                     std::string_view domain) const {
        bool any = false;
        for (std::size_t k = 0; k < keys.size(); ++k) {
            u128 want = mac(k, tc, msgid, local, domain);
            any |= detail::equal_constant_time({reinterpret_cast<const char*>(&want), sizeof want},
                                               {reinterpret_cast<const char*>(&hash), sizeof hash});
        }
        return any;
    }

    std::uint64_t next_msgid(std::uint64_t tc) {
        std::lock_guard lock(seq_mutex);
        last_seq = (tc == last_tc) ? last_seq + 1 : 1;
        last_tc = tc;
        return last_seq * o.nservers + o.server;
    }

    // ses-09: more than max_validations of one (tc, msgid) is a replay.
    bool count_validation(std::uint64_t tc, std::uint64_t msgid, std::uint64_t now) {
        std::lock_guard lock(replay_mutex);
        while (!validations.empty() && validations.begin()->first.first + exp_units <= now)
            validations.erase(validations.begin());
        return ++validations[{tc, msgid}] <= o.max_validations;
    }
};

core::Result<std::unique_ptr<Ses>> Ses::create(const SesOptions& options, const core::Clock& clock) {
    if (auto st = check(options); !st) return st.error();
    auto impl = std::make_unique<Impl>();
    impl->o = options;
    for (const auto& s : options.secrets) impl->keys.emplace_back(s);
    impl->clock = &clock;
    impl->tsbits = timestamp_bits(options.expiration, options.fbits);
    impl->tcmask = (std::uint64_t{1} << impl->tsbits) - 1;
    impl->exp_units = static_cast<std::uint64_t>(options.expiration) << options.fbits;
    impl->unit = seconds_per_day >> options.fbits;
    return std::unique_ptr<Ses>(new Ses(std::move(impl)));
}

Ses::Ses(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ses::~Ses() = default;

core::Result<std::string> Ses::sign(std::string_view address, std::uint64_t msgid) {
    auto at = address.rfind('@');
    if (at == std::string_view::npos)
        return make_error(ErrorKind::no_at, "address '" + std::string(address) + "' has no @");
    auto local = address.substr(0, at);
    auto domain = address.substr(at + 1);
    const Impl& m = *impl_;
    std::uint64_t tc = 0, field = m.tcmask;  // fixed: independent of time (ses-02/03)
    if (msgid == 0) {
        tc = m.now_tc();
        field = tc % m.tcmask;
        msgid = impl_->next_msgid(tc);
    }
    if (msgid >= (std::uint64_t{1} << 40) || (u128{msgid} >> (128 - m.tsbits - m.o.hash_bits)) != 0)
        return make_error(ErrorKind::bad_config, "SES msgid " + std::to_string(msgid) + " too large");
    u128 value = ((((u128{msgid} << m.tsbits) | field) << m.o.hash_bits)) | m.mac(0, tc, msgid, local, domain);
    std::string out = "SES=" + encode38(value) + "=";
    out += address;
    return out;
}

core::Result<SesVerdict> Ses::verify(std::string_view address) {
    auto at = address.rfind('@');
    auto local = at == std::string_view::npos ? address : address.substr(0, at);
    SesVerdict unverified{false, std::string(address), 0, 0};
    if (!core::istarts_with(local, "SES=")) return unverified;  // ses-13
    if (at == std::string_view::npos)
        return make_error(ErrorKind::no_at, "address '" + std::string(address) + "' has no @");
    auto second = local.find('=', 4);  // ses-12: the user may contain '=' itself
    if (second == std::string_view::npos)
        return make_error(ErrorKind::malformed, "SES address '" + std::string(address) + "' has no signature field");
    auto value = decode38(local.substr(4, second - 4));
    if (!value)
        return make_error(ErrorKind::malformed, "invalid SES signature in '" + std::string(address) + "'");
    auto user = local.substr(second + 1);
    auto domain = address.substr(at + 1);
    Impl& m = *impl_;
    u128 hash = *value & ((u128{1} << m.o.hash_bits) - 1);
    auto field = static_cast<std::uint64_t>(*value >> m.o.hash_bits) & m.tcmask;
    u128 msgid = *value >> (m.o.hash_bits + m.tsbits);
    if (msgid > ~std::uint64_t{0}) return unverified;
    bool fixed = field == m.tcmask;
    auto now = m.now_tc();
    std::uint64_t tc = 0;
    if (!fixed) {
        tc = (now / m.tcmask) * m.tcmask + field;
        if (tc > now) {
            if (tc < m.tcmask) return unverified;
            tc -= m.tcmask;
        }
        if (now - tc >= m.exp_units) return unverified;  // ses-06/07
    }
    // Fixed signatures are checked too (ses-11: pysrs skipped the MAC for them).
    if (!m.mac_matches(hash, tc, static_cast<std::uint64_t>(msgid), user, domain)) return unverified;
    if (!fixed && !m.count_validation(tc, static_cast<std::uint64_t>(msgid), now))
        return make_error(ErrorKind::replay, "too many validations of signature '" + std::string(address) + "'");
    std::string original(user);
    original += '@';
    original += domain;
    return SesVerdict{true, std::move(original), tc, static_cast<std::uint64_t>(msgid)};
}

}  // namespace mailsec::srs
