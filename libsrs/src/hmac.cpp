// HMAC-SHA1 on OpenSSL's SHA-1 block functions. OpenSSL 3 marks SHA1_Init and
// friends deprecated in favour of EVP, but EVP_MAC_CTX_dup allocates and frees a
// context per message, which made the in-process SRS rate 3x slower (bench/srs).
// The precomputed-pad construction is RFC 2104 §2 exactly.
#include "hmac.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdint>
#include <cstring>

namespace mailsec::srs::detail {

namespace {
constexpr std::size_t block_size = 64;  // SHA-1 block

// SHA1_* are deprecated in OpenSSL 3 but remain part of its API and ABI.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
void sha1_init(SHA_CTX& c) { SHA1_Init(&c); }
void sha1_update(SHA_CTX& c, const void* data, std::size_t n) { SHA1_Update(&c, data, n); }
void sha1_final(SHA_CTX& c, unsigned char* out) { SHA1_Final(out, &c); }
void sha1_block(SHA_CTX& c, const unsigned char* block) { SHA1_Transform(&c, block); }
#pragma GCC diagnostic pop

// Messages that fit one block after the key pad: the HMAC fields of every SRS
// address of ordinary size. Padding by hand (FIPS 180-4 §5.1.1) saves SHA1_Update's
// and SHA1_Final's buffer copies and cleanses, which callgrind showed as a large
// share of bench_srs.
constexpr std::size_t one_block_max = 55;

// ASCII lower-cases block[0..n) eight bytes at a time (SWAR); bytes past n up to the
// next multiple of 8 are changed too, which is fine: finish_block overwrites them.
void lower_ascii_words(unsigned char (&block)[block_size], std::size_t n) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    for (std::size_t i = 0; i < n; i += 8) {
        std::uint64_t x;
        std::memcpy(&x, block + i, 8);
        std::uint64_t low7 = x & (0x7F * ones);
        std::uint64_t above_z = low7 + (0x25 * ones);     // bit 7 set where byte > 'Z'
        std::uint64_t from_a = low7 + (0x3F * ones);      // bit 7 set where byte >= 'A'
        std::uint64_t upper = ~x & (from_a ^ above_z) & (0x80 * ones);  // ASCII 'A'..'Z' only
        x |= upper >> 2;                                  // 0x80 >> 2 = 0x20
        std::memcpy(block + i, &x, 8);
    }
}

// Pads a block holding `n` message bytes (after one 64-byte key pad block) and
// returns the SHA-1 of the whole.
Digest finish_block(SHA_CTX state, unsigned char (&block)[block_size], std::size_t n) {
    block[n] = 0x80;
    std::memset(block + n + 1, 0, block_size - n - 1 - 8);
    std::uint64_t bits = (block_size + n) * 8;
    for (int i = 0; i < 8; ++i) block[block_size - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    sha1_block(state, block);
    const SHA_LONG h[5] = {state.h0, state.h1, state.h2, state.h3, state.h4};
    Digest out;
    for (std::size_t i = 0; i < 5; ++i) {
        // Big-endian words, stored whole: byte stores here stall the loads that follow.
        auto word = __builtin_bswap32(static_cast<std::uint32_t>(h[i]));
        std::memcpy(out.data() + i * 4, &word, 4);
    }
    return out;
}

}  // namespace

Hmac::Hmac(std::string_view key) {
    unsigned char k[block_size] = {};
    if (key.size() > block_size) {
        SHA_CTX c;
        sha1_init(c);
        sha1_update(c, key.data(), key.size());
        sha1_final(c, k);  // RFC 2104: longer keys are hashed first
    } else {
        for (std::size_t i = 0; i < key.size(); ++i) k[i] = static_cast<unsigned char>(key[i]);
    }
    unsigned char pad[block_size];
    for (std::size_t i = 0; i < block_size; ++i) pad[i] = k[i] ^ 0x36;
    sha1_init(inner_);
    sha1_update(inner_, pad, block_size);
    for (std::size_t i = 0; i < block_size; ++i) pad[i] = k[i] ^ 0x5c;
    sha1_init(outer_);
    sha1_update(outer_, pad, block_size);
    OPENSSL_cleanse(k, sizeof k);
    OPENSSL_cleanse(pad, sizeof pad);
}

Hmac::~Hmac() {
    OPENSSL_cleanse(&inner_, sizeof inner_);
    OPENSSL_cleanse(&outer_, sizeof outer_);
}

Digest Hmac::digest(std::initializer_list<std::string_view> parts) const {
    SHA_CTX c = inner_;
    for (auto part : parts) sha1_update(c, part.data(), part.size());
    Digest inner_hash{};
    sha1_final(c, inner_hash.data());
    c = outer_;
    sha1_update(c, inner_hash.data(), inner_hash.size());
    Digest out{};
    sha1_final(c, out.data());
    return out;
}

Digest Hmac::digest_lower(std::initializer_list<std::string_view> parts) const {
    std::size_t total = 0;
    for (auto part : parts) total += part.size();
    if (total <= one_block_max) {
        unsigned char block[block_size] = {};  // zeroed: lower_ascii_words reads whole words
        std::size_t n = 0;
        for (auto part : parts) {
            std::memcpy(block + n, part.data(), part.size());
            n += part.size();
        }
        lower_ascii_words(block, n);
        Digest inner_hash = finish_block(inner_, block, n);
        std::memcpy(block, inner_hash.data(), inner_hash.size());
        return finish_block(outer_, block, inner_hash.size());
    }
    SHA_CTX c = inner_;
    char chunk[block_size];
    std::size_t used = 0;
    for (auto part : parts) {
        for (char ch : part) {
            chunk[used++] = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
            if (used == block_size) {
                sha1_update(c, chunk, used);
                used = 0;
            }
        }
    }
    if (used > 0) sha1_update(c, chunk, used);
    Digest inner_hash{};
    sha1_final(c, inner_hash.data());
    c = outer_;
    sha1_update(c, inner_hash.data(), inner_hash.size());
    Digest out{};
    sha1_final(c, out.data());
    return out;
}

std::string base64_unpadded(const Digest& digest) {
    auto b = base64_digest(digest);
    return std::string(b.data(), b.size());
}

namespace {
constexpr char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

void base64_prefix(const Digest& digest, std::size_t n, char* out) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t bit = i * 6;  // the character's first bit in the digest
        std::size_t byte = bit / 8;
        unsigned v = static_cast<unsigned>(digest[byte]) << 8;
        if (byte + 1 < digest.size()) v |= digest[byte + 1];
        out[i] = b64_alphabet[(v >> (10 - bit % 8)) & 63];
    }
}

Base64Digest base64_digest(const Digest& digest) noexcept {
    const auto& alphabet = b64_alphabet;
    Base64Digest out;
    char* p = out.data();
    std::size_t i = 0;
    for (; i + 3 <= digest.size(); i += 3) {
        unsigned v = (digest[i] << 16) | (digest[i + 1] << 8) | digest[i + 2];
        *p++ = alphabet[(v >> 18) & 63];
        *p++ = alphabet[(v >> 12) & 63];
        *p++ = alphabet[(v >> 6) & 63];
        *p++ = alphabet[v & 63];
    }
    // 20 bytes = 6 groups of 3 + 2 left: 3 characters, no padding.
    unsigned v = (digest[i] << 16) | (digest[i + 1] << 8);
    *p++ = alphabet[(v >> 18) & 63];
    *p++ = alphabet[(v >> 12) & 63];
    *p = alphabet[(v >> 6) & 63];
    return out;
}

bool equal_constant_time(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace mailsec::srs::detail
