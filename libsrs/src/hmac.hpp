// HMAC-SHA1 (RFC 2104) with the key prepared once (srs.md §8b: a batch runs at the
// library's own rate). The keyed inner and outer SHA-1 states are computed at
// construction; each digest copies them (plain struct copies, no allocation).
#pragma once

#include <openssl/sha.h>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace mailsec::srs::detail {

using Digest = std::array<unsigned char, 20>;

class Hmac {
public:
    explicit Hmac(std::string_view key);
    Hmac(const Hmac&) = default;
    Hmac& operator=(const Hmac&) = default;
    Hmac(Hmac&&) noexcept = default;
    Hmac& operator=(Hmac&&) noexcept = default;
    ~Hmac();

    // HMAC over the concatenation of `parts`.
    Digest digest(std::initializer_list<std::string_view> parts) const;
    // HMAC over the ASCII-lowercased concatenation of `parts` (srs.md §2), lowered in
    // a stack buffer: the hot path of every forward and reverse allocates nothing here.
    Digest digest_lower(std::initializer_list<std::string_view> parts) const;

private:
    SHA_CTX inner_{};  // SHA-1 state after (key XOR ipad)
    SHA_CTX outer_{};  // SHA-1 state after (key XOR opad)
};

// Standard base64 of a digest without the '=' padding: 27 characters.
using Base64Digest = std::array<char, 27>;
Base64Digest base64_digest(const Digest& digest) noexcept;
// Only the first `n` (<= 27) characters of the same encoding, into `out`: a 4-character
// SRS hash needs 3 digest bytes, not 20.
void base64_prefix(const Digest& digest, std::size_t n, char* out) noexcept;
std::string base64_unpadded(const Digest& digest);

// Constant-time equality of two equally long byte strings (CRYPTO_memcmp).
bool equal_constant_time(std::string_view a, std::string_view b) noexcept;

}  // namespace mailsec::srs::detail
