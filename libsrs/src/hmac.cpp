// HMAC-SHA1 through OpenSSL 3's EVP_MAC (the HMAC_CTX API is deprecated).
#include "hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <stdexcept>

namespace mailsec::srs::detail {
namespace {

EVP_MAC_CTX* as_ctx(void* p) { return static_cast<EVP_MAC_CTX*>(p); }

struct MacFree {
    void operator()(EVP_MAC* m) const noexcept { EVP_MAC_free(m); }
};
struct MacCtxFree {
    void operator()(EVP_MAC_CTX* c) const noexcept { EVP_MAC_CTX_free(c); }
};
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

}  // namespace

void Hmac::CtxFree::operator()(void* ctx) const noexcept { EVP_MAC_CTX_free(as_ctx(ctx)); }

Hmac::Hmac(std::string_view key) {
    std::unique_ptr<EVP_MAC, MacFree> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!mac) throw std::runtime_error("OpenSSL has no HMAC");
    MacCtxPtr ctx(EVP_MAC_CTX_new(mac.get()));
    char digest_name[] = "SHA1";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
        OSSL_PARAM_construct_end(),
    };
    // An empty key is legal for HMAC; OpenSSL wants a non-null pointer.
    static const unsigned char empty = 0;
    const auto* key_bytes = key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
    if (!ctx || EVP_MAC_init(ctx.get(), key_bytes, key.size(), params) != 1)
        throw std::runtime_error("OpenSSL cannot key HMAC-SHA1");
    ctx_.reset(ctx.release());
}

Hmac::~Hmac() = default;

Digest Hmac::digest(std::initializer_list<std::string_view> parts) const {
    MacCtxPtr ctx(EVP_MAC_CTX_dup(as_ctx(ctx_.get())));
    Digest out{};
    if (!ctx) throw std::bad_alloc();
    for (auto part : parts)
        EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(part.data()), part.size());
    std::size_t len = 0;
    EVP_MAC_final(ctx.get(), out.data(), &len, out.size());
    return out;
}

std::string base64_unpadded(const Digest& digest) {
    unsigned char buf[32];  // 28 characters and a NUL
    int n = EVP_EncodeBlock(buf, digest.data(), static_cast<int>(digest.size()));
    std::string out(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
    while (!out.empty() && out.back() == '=') out.pop_back();
    return out;
}

bool equal_constant_time(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace mailsec::srs::detail
