// SpfFilter: spfmilter's per-connection milter (milter.md §3.2 with the §3.6
// decisions): internal and trusted networks, numeric HELO, "helo first", SMTP AUTH,
// trusted forwarders, MAIL FROM and HELO SPF, access-map policy, Received-SPF and
// Authentication-Results, forged AR removal, dry run, one log line per message.
//
//   auto services = std::make_shared<spfmilter::Services>(settings, log);
//   milter::Runner runner(milter::make_factory<spfmilter::SpfFilter>(services), options);
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mailsec/milter/filter.hpp"
#include "mailsec/spf/ip_address.hpp"
#include "policy.hpp"
#include "services.hpp"
#include "spf_run.hpp"

namespace mailsec::spfmilter {

class SpfFilter : public milter::Filter {
public:
    // connect and header only record state; header is dropped in negotiate() when
    // remove_forged_ar is off.
    static constexpr milter::Steps no_reply = milter::Steps::NrConnect | milter::Steps::NrHeader;

    explicit SpfFilter(std::shared_ptr<const Services> services) : svc_(std::move(services)) {}

    void negotiate(milter::Negotiation& n) override;
    milter::Status connect(milter::Context& ctx, std::string_view hostname, const milter::PeerAddress& peer) override;
    milter::Status helo(milter::Context& ctx, std::string_view name) override;
    milter::Status envfrom(milter::Context& ctx, std::string_view sender, std::span<const std::string> esmtp) override;
    milter::Status header(milter::Context& ctx, std::string_view name, std::string_view value) override;
    milter::Status eom(milter::Context& ctx) override;
    void abort(milter::Context& ctx) override;
    void end_message(milter::Context& ctx) override;
    void close(milter::Context& ctx) override;

private:
    struct Connection {
        std::string hostname, receiver, authserv_id;
        std::optional<spf::IpAddress> ip;
        std::string ip_text;
        bool internal = false, trusted = false;
        std::optional<std::string> helo;
    };
    struct Message {
        std::string sender;  // without <>; empty = null sender
        std::string spf = "-", helo_spf = "-", policy = "default", action = "accept", reply;
        std::vector<std::pair<std::string, std::string>> headers;  // inserted at index 0 in this order
        std::vector<std::size_t> forged_ar;                        // 1-based among Authentication-Results
        std::size_t ar_seen = 0;
        bool logged = false;
    };

    milter::Status check_spf(milter::Context& ctx);
    milter::Status check_auth(milter::Context& ctx, std::string_view user);
    milter::Status refuse(milter::Context& ctx, const Verdict& v);
    void queue_headers(const SpfRun& run);
    void apply_headers(milter::Context& ctx);
    void log_message(milter::Context& ctx);
    void resolve_receiver(milter::Context& ctx);
    std::shared_ptr<const AccessTable> table() const;

    std::shared_ptr<const Services> svc_;
    Connection conn_;
    Message msg_;
};

// Normalises a MAIL FROM argument (§3.2 step 3): strips <>, lowercases the domain;
// no domain → "@localhost.localdomain"; "<>" → "".
std::string normalize_sender(std::string_view raw);

// §3.2 step 2 and §3.6: a bare dotted quad, or a bare (unbracketed) IPv6 address.
bool is_numeric_helo(std::string_view name);

}  // namespace mailsec::spfmilter
