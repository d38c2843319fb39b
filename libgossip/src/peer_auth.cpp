// gossip.md §8 "Optional peer authentication": HMAC-SHA256 through OpenSSL,
// base64url without padding, truncated to 22 characters; constant-time compares.
#include "mailsec/gossip/peer_auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace mailsec::gossip {
namespace {

constexpr std::size_t mac_chars = 22;

std::string mac22(std::string_view secret, std::string_view message) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(), &len);
    std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> text{};
    EVP_EncodeBlock(text.data(), digest.data(), static_cast<int>(len));
    std::string out(reinterpret_cast<const char*>(text.data()), mac_chars);
    std::replace(out.begin(), out.end(), '+', '-');
    std::replace(out.begin(), out.end(), '/', '_');
    return out;
}

bool same(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string unsigned_line(const QueryRequest& request) {
    QueryRequest plain{request.id, request.qual, request.ttl, request.umis, std::nullopt};
    return format_request(plain);
}

core::Error refused(std::string why) {
    return core::make_error("auth-failed", "peer authentication: " + std::move(why));
}

}  // namespace

std::string make_auth(std::string_view secret, const QueryRequest& request, std::int64_t unix_time) {
    const std::string ts = std::to_string(unix_time);
    return ts + "." + mac22(secret, unsigned_line(request) + "\n" + ts);
}

std::string auth_mac(std::string_view auth_value) {
    const auto dot = auth_value.find('.');
    return dot == std::string_view::npos ? std::string() : std::string(auth_value.substr(dot + 1));
}

std::string sign_reply(std::string_view secret, std::string_view reply_line, std::string_view request_mac) {
    std::string message(reply_line);
    message.append("\n").append(request_mac);
    return std::string(reply_line) + " A=" + mac22(secret, message);
}

core::Result<std::string> verify_reply(std::string_view secret, std::string_view reply_line,
                                       std::string_view request_mac) {
    const auto at = reply_line.rfind(" A=");
    if (at == std::string_view::npos) return refused("reply without mac");
    const std::string_view body = reply_line.substr(0, at);
    std::string message(body);
    message.append("\n").append(request_mac);
    if (!same(reply_line.substr(at + 3), mac22(secret, message))) return refused("wrong reply mac");
    return std::string(body);
}

core::Status RequestVerifier::verify(std::string_view secret, const QueryRequest& request, std::int64_t unix_time) {
    if (!request.auth) return refused("missing A= field");
    const std::string_view value = *request.auth;
    const auto dot = value.find('.');
    std::int64_t ts = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + std::min(dot, value.size()), ts);
    if (dot == std::string_view::npos || ec != std::errc{} || end != value.data() + dot)
        return refused("malformed A= field");
    const std::string_view mac = value.substr(dot + 1);
    const std::string ts_text(value.substr(0, dot));
    if (!same(mac, mac22(secret, unsigned_line(request) + "\n" + ts_text))) return refused("wrong mac");
    const auto window = static_cast<std::int64_t>(window_.count());
    if (ts > unix_time + window || ts < unix_time - window) return refused("timestamp outside the window");
    std::lock_guard lock(mutex_);
    seen_.erase(seen_.begin(), seen_.lower_bound(unix_time - window));
    const auto range = seen_.equal_range(ts);
    for (auto it = range.first; it != range.second; ++it)
        if (it->second == mac) return refused("replayed request");
    seen_.emplace(ts, std::string(mac));
    return {};
}

}  // namespace mailsec::gossip
