// HMAC-SHA1 with the key prepared once (srs.md §8b: a batch runs at the library's
// own rate): a keyed OpenSSL EVP_MAC context is duplicated for each message.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

namespace mailsec::srs::detail {

using Digest = std::array<unsigned char, 20>;

class Hmac {
public:
    // Throws std::runtime_error only if OpenSSL cannot provide HMAC-SHA1 (a broken install).
    explicit Hmac(std::string_view key);
    Hmac(Hmac&&) noexcept = default;
    Hmac& operator=(Hmac&&) noexcept = default;
    ~Hmac();

    // HMAC over the concatenation of `parts`.
    Digest digest(std::initializer_list<std::string_view> parts) const;

private:
    struct CtxFree {
        void operator()(void* ctx) const noexcept;
    };
    std::unique_ptr<void, CtxFree> ctx_;
};

// Standard base64 of a digest without the '=' padding: 27 characters.
std::string base64_unpadded(const Digest& digest);

// Constant-time equality of two equally long byte strings (CRYPTO_memcmp).
bool equal_constant_time(std::string_view a, std::string_view b) noexcept;

}  // namespace mailsec::srs::detail
