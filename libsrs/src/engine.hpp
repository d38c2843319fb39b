// The parts every scheme shares (srs.md §2, §3): checked options, prepared HMAC keys,
// the clock, hash creation and verification, timestamps and the SRS0 layout.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "hmac.hpp"
#include "mailsec/core/clock.hpp"
#include "mailsec/core/result.hpp"
#include "mailsec/srs/options.hpp"
#include "mailsec/srs/scheme.hpp"

namespace mailsec::srs::detail {

class Engine {
public:
    Engine(CheckedOptions options, const core::Clock& clock);

    const CheckedOptions& options() const noexcept { return options_; }
    std::int64_t now() const noexcept;

    // hash_length characters under secrets[0] (or `length` characters).
    std::string hash(std::initializer_list<std::string_view> fields) const;

    // srs.md §2 "Hash verification": hashmin, exact match per secret, then the
    // case-insensitive pass. The value is the case warning.
    core::Result<bool> verify_hash(std::string_view hash, std::initializer_list<std::string_view> fields) const;

    // BadTimestamp when TT is unreadable or older than max_age days (skipped with ignore_timestamp).
    core::Status check_timestamp(std::string_view tt) const;

    // SRS0<s>H(TT,HOST,LOCAL)=TT=HOST=LOCAL, with an empty host field in signing mode.
    std::string make_srs0(std::string_view host, std::string_view local, bool empty_host) const;
    // SRS1<s>H(SRSHOST,SRSUSER)=SRSHOST=SRSUSER.
    std::string make_srs1(std::string_view srs_host, std::string_view srs_user) const;

    // Reverse of an SRS0 local part (tag already matched): srs.md §3 reverse step 2.
    core::Result<Unwrapped> open_srs0(std::string_view local, std::string_view domain) const;

private:
    bool matches_any(std::string_view hash, std::initializer_list<std::string_view> fields, bool case_fold) const;

    CheckedOptions options_;
    std::vector<Hmac> keys_;
    const core::Clock* clock_;
};

}  // namespace mailsec::srs::detail
