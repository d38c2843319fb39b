// gossip.md §6 UMIS: MD5 through OpenSSL's EVP interface, base64 with pygossip's
// altchars ".$" and no padding (22 characters for 16 bytes).
#include "mailsec/gossip/umis.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace mailsec::gossip {

std::string make_umis(std::string_view id, std::string_view nonce) {
    std::string input;
    input.reserve(id.size() + nonce.size());
    input.append(id).append(nonce);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int len = 0;
    if (EVP_Digest(input.data(), input.size(), digest.data(), &len, EVP_md5(), nullptr) != 1)
        throw std::runtime_error("gossip: MD5 unavailable");  // broken crypto library: a start-up failure
    std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> text{};
    const int n = EVP_EncodeBlock(text.data(), digest.data(), static_cast<int>(len));
    std::string out;
    for (int i = 0; i < n; ++i) {
        const char c = static_cast<char>(text[static_cast<std::size_t>(i)]);
        if (c == '=') break;
        out.push_back(c == '+' ? '.' : c == '/' ? '$' : c);
    }
    return out;
}

}  // namespace mailsec::gossip
