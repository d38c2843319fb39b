// Hashes, timestamps and the SRS0 layout shared by the schemes (srs.md §2, §3).
#include "engine.hpp"

#include "address.hpp"
#include "mailsec/core/ascii.hpp"
#include "mailsec/srs/codec.hpp"
#include "mailsec/srs/error.hpp"

namespace mailsec::srs::detail {

std::string lower_concat(std::initializer_list<std::string_view> fields) {
    std::size_t size = 0;
    for (auto f : fields) size += f.size();
    std::string out(size, '\0');
    char* p = out.data();
    for (auto f : fields)
        for (char c : f) *p++ = core::ascii_lower(c);
    return out;
}

Engine::Engine(CheckedOptions options, const core::Clock& clock) : options_(std::move(options)), clock_(&clock) {
    keys_.reserve(options_.secrets.size());
    for (const auto& s : options_.secrets) keys_.emplace_back(s);
}

std::int64_t Engine::now() const noexcept { return unix_seconds(clock_->now()); }

std::string Engine::digest_b64(std::size_t secret, const std::string& message) const {
    return base64_unpadded(keys_[secret].digest({message}));
}

std::string Engine::hash(std::initializer_list<std::string_view> fields) const {
    return digest_b64(0, lower_concat(fields)).substr(0, static_cast<std::size_t>(options_.hash_length));
}

core::Result<bool> Engine::verify_hash(std::string_view hash, std::initializer_list<std::string_view> fields) const {
    if (hash.size() < static_cast<std::size_t>(options_.hash_min))
        return make_error(ErrorKind::bad_hash, "hash '" + std::string(hash) + "' shorter than " +
                                                   std::to_string(options_.hash_min) + " characters");
    // Longer than hashlength is fine if the extra characters are right too (rv-23,
    // rv-24); longer than a whole digest never matches.
    if (hash.size() <= static_cast<std::size_t>(max_hash_length)) {
        auto message = lower_concat(fields);
        std::vector<std::string> digests;
        for (std::size_t i = 0; i < keys_.size(); ++i) {
            digests.push_back(digest_b64(i, message).substr(0, hash.size()));
            if (equal_constant_time(hash, digests.back())) return false;
        }
        if (options_.case_fallback) {
            auto lowered = core::to_lower(hash);
            for (const auto& d : digests)
                if (equal_constant_time(lowered, core::to_lower(d))) return true;
        }
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
    std::string out = options_.tag0;
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
    std::string out = options_.tag1;
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
