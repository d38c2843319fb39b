// srs::Ses: Signed Envelope Sender (srs.md §6), byte-compatible with pysrs's SES.
// We sign our own outgoing senders (SES=<sig>=<local>@<domain>) so bounces to forged
// senders can be refused. A signature expires after `expiration` days and verifies
// at most `max_validations` times (replay limit); a fixed signature (msgid given)
// never expires and is not counted.
//
//   srs::SesOptions o;
//   o.secrets = {"shhhh!"};
//   auto ses = srs::Ses::create(o, clock).value();
//   auto signed_from = ses->sign("mickey@Mouse.com");    // SES=E6FEVX9MBS852OJZY=mickey@Mouse.com
//   auto v = ses->verify(*signed_from);                  // v->verified, v->address == "mickey@Mouse.com"
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/core/clock.hpp"
#include "mailsec/core/result.hpp"

namespace mailsec::srs {

struct SesOptions {
    std::vector<std::string> secrets;  // the first signs, all verify
    int hash_bits = 80;                // 8..112
    int expiration = 10;               // days, 0..1023
    int fbits = 2;                     // fraction bits of a day: the time unit is 86400 >> fbits s
    std::uint64_t nservers = 1;        // msgid = seq * nservers + server
    std::uint64_t server = 0;
    int max_validations = 3;           // replay limit per (timecode, msgid)
};

struct SesVerdict {
    bool verified = false;
    std::string address;  // user@domain when verified, else the input unchanged
    std::uint64_t timecode = 0;
    std::uint64_t msgid = 0;
};

class Ses {
public:
    // NoSecret / BadConfig for options out of range.
    static core::Result<std::unique_ptr<Ses>> create(const SesOptions& options, const core::Clock& clock);
    ~Ses();
    Ses(const Ses&) = delete;
    Ses& operator=(const Ses&) = delete;

    // Sequential signature (msgid 0) or fixed signature for a non-zero msgid below 2^40.
    core::Result<std::string> sign(std::string_view address, std::uint64_t msgid = 0);

    // Not SES-tagged, expired, or no secret matches → verified = false, address unchanged.
    // Malformed signature → error malformed; too many validations → error replay.
    core::Result<SesVerdict> verify(std::string_view address);

private:
    struct Impl;
    explicit Ses(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mailsec::srs
