// Hashes, timestamps and the SRS0 layout shared by the schemes (srs.md §2, §3).
#include "engine.hpp"

#include "address.hpp"
#include "mailsec/core/ascii.hpp"
#include "mailsec/srs/codec.hpp"
#include "mailsec/srs/error.hpp"

namespace mailsec::srs::detail {

namespace {
constexpr std::size_t alias_room = 64;
}

Engine::Engine(CheckedOptions options, const core::Clock& clock) : options_(std::move(options)), clock_(&clock) {
    keys_.reserve(options_.secrets.size());
    for (const auto& s : options_.secrets) keys_.emplace_back(s);
}

std::int64_t Engine::now() const noexcept { return unix_seconds(clock_->now()); }

std::string Engine::hash(std::initializer_list<std::string_view> fields) const {
    std::string out(static_cast<std::size_t>(options_.hash_length), '\0');
    base64_prefix(keys_[0].digest_lower(fields), out.size(), out.data());
    return out;
}

// True when `hash` is a prefix of some secret's digest, exactly or (case_fold) after
// ASCII lower-casing both. Digests live on the stack: no allocation per secret.
bool Engine::matches_any(std::string_view hash, std::initializer_list<std::string_view> fields,
                         bool case_fold) const {
    for (const auto& key : keys_) {
        char b64[max_hash_length];
        base64_prefix(key.digest_lower(fields), hash.size(), b64);
        std::string_view digest(b64, hash.size());
        if (!case_fold) {
            if (equal_constant_time(hash, digest)) return true;
            continue;
        }
        char lowered[max_hash_length];
        for (std::size_t i = 0; i < hash.size(); ++i) lowered[i] = core::ascii_lower(digest[i]);
        if (equal_constant_time(core::to_lower(hash), std::string_view(lowered, hash.size()))) return true;
    }
    return false;
}

core::Result<bool> Engine::verify_hash(std::string_view hash, std::initializer_list<std::string_view> fields) const {
    if (hash.size() < static_cast<std::size_t>(options_.hash_min))
        return make_error(ErrorKind::bad_hash, "hash '" + std::string(hash) + "' shorter than " +
                                                   std::to_string(options_.hash_min) + " characters");
    // Longer than hashlength is fine if the extra characters are right too (rv-23,
    // rv-24); longer than a whole digest never matches.
    if (hash.size() <= static_cast<std::size_t>(max_hash_length)) {
        if (matches_any(hash, fields, false)) return false;
        if (options_.case_fallback && matches_any(hash, fields, true)) return true;
    }
    return make_error(ErrorKind::bad_hash, "invalid hash '" + std::string(hash) + "'");
}

core::Status Engine::check_timestamp(std::string_view tt) const {
    if (options_.ignore_timestamp) return {};
    auto age = timestamp_age(tt, now());
    if (!age) return age.error();
    if (*age > options_.max_age)
        return make_error(ErrorKind::bad_timestamp, "timestamp '" + std::string(tt) + "' is " +
                                                        std::to_string(*age) + " days old (maximum " +
                                                        std::to_string(options_.max_age) + ")");
    return {};
}

std::string Engine::make_srs0(std::string_view host, std::string_view local, bool empty_host) const {
    auto tt = timestamp_at(now());
    std::string out;
    // Room for "@alias" too: Scheme::forward appends it without reallocating.
    out.reserve(options_.tag0.size() + options_.hash_length + host.size() + local.size() + 8 + alias_room);
    out += options_.tag0;
    out += options_.separator;
    out += hash({tt, host, local});
    out += '=';
    out += tt;
    out += '=';
    if (!empty_host) out += host;
    out += '=';
    out += local;
    return out;
}

std::string Engine::make_srs1(std::string_view srs_host, std::string_view srs_user) const {
    std::string out;
    out.reserve(options_.tag1.size() + options_.hash_length + srs_host.size() + srs_user.size() + 4 + alias_room);
    out += options_.tag1;
    out += options_.separator;
    out += hash({srs_host, srs_user});
    out += '=';
    out += srs_host;
    out += '=';
    out += srs_user;
    return out;
}

core::Result<Unwrapped> Engine::open_srs0(std::string_view local, std::string_view domain) const {
    auto f = split_fields(local.substr(options_.tag0.size() + 1), 4);
    if (f.size() < 4)
        return make_error(ErrorKind::malformed, "SRS0 address '" + std::string(local) +
                                                    "' needs 4 fields: hash, timestamp, host, local part");
    // An empty host field is signing mode (srs.md §4): the hash covers the address's domain.
    auto host = f[2].empty() ? domain : f[2];
    auto warning = verify_hash(f[0], {f[1], host, f[3]});
    if (!warning) return warning.error();
    if (auto ts = check_timestamp(f[1]); !ts) return ts.error();  // after the hash: rv-33, rv-34
    return Unwrapped{std::string(f[3]), std::string(host), *warning};
}

}  // namespace mailsec::srs::detail
