// Test harness for SpfFilter: an in-memory zone, a Checker, a capturing log sink,
// optional access map text, and a milter::testing::Context driving the filter.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "access_map.hpp"
#include "config.hpp"
#include "filter.hpp"
#include "mailsec/core/clock.hpp"
#include "mailsec/daemon/log.hpp"
#include "mailsec/dns/zone_resolver.hpp"
#include "mailsec/milter/testing.hpp"
#include "mailsec/spf/checker.hpp"
#include "services.hpp"
#include "support/paths.hpp"

namespace mailsec::spfmilter::test {

// The client of every test connection is 192.0.2.1.
inline constexpr const char* kZone = R"(
pass.example            TXT "v=spf1 ip4:192.0.2.1 -all"
fail.example            TXT "v=spf1 -all"
failexp.example         TXT "v=spf1 -all exp=exp.failexp.example"
exp.failexp.example     TXT "Mail from %{d} is refused, see %{d}/why"
softfail.example        TXT "v=spf1 ~all"
neutral.example         TXT "v=spf1 ?all"
none.example            A   192.0.2.99
permerror.example       TXT "v=spf1 foo:bar -all"
temperror.example       TIMEOUT
sub.deep.example        TXT "v=spf1 -all"
mx.pass.example         TXT "v=spf1 ip4:192.0.2.1 -all"
mx.fail.example         TXT "v=spf1 -all"
mx.softfail.example     TXT "v=spf1 ~all"
mx.neutral.example      TXT "v=spf1 ?all"
fwd.example             TXT "v=spf1 ip4:192.0.2.1 -all"
otherfwd.example        TXT "v=spf1 -all"
guess.example           A   192.0.2.1
)";

class CaptureSink : public daemon::LogSink {
public:
    void write(daemon::Severity, std::string_view record) override {
        std::lock_guard lock(mutex_);
        lines_.emplace_back(record);
    }
    std::vector<std::string> lines() const {
        std::lock_guard lock(mutex_);
        return lines_;
    }
    // The lines starting "message " (one per message).
    std::vector<std::string> messages() const {
        std::vector<std::string> out;
        for (auto& l : lines())
            if (l.rfind("message ", 0) == 0) out.push_back(l);
        return out;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

inline spf::Options checker_options() {
    spf::Options o;
    o.receiver = "mx.test.invalid";
    return o;
}

inline Settings default_settings() {
    Settings s;
    s.socket = "inet:0@127.0.0.1";
    s.name = "pyspffilter";
    return s;
}

class Harness {
public:
    explicit Harness(Settings settings = default_settings(), std::optional<std::string> access_text = std::nullopt)
        : resolver_(dns::parse_zone_text(kZone).value()),
          checker_(resolver_, checker_options(), clock_) {
        auto log = daemon::Logger::to_sink(sink, daemon::Severity::debug);
        services_ = std::make_shared<Services>(std::move(settings), log);
        services_->internal = AddressList::parse(services_->settings.internal_connect, resolver_).value();
        services_->trusted = AddressList::parse(services_->settings.trusted_relay, resolver_).value();
        services_->checker = &checker_;
        services_->hostname = "host.test.invalid";
        if (access_text) {
            auto path = dir_.path() / "access";
            testing::write_file(path, *access_text);
            services_->access = std::make_unique<AccessMap>(path, clock_, log);
            if (!services_->access->load()) throw std::runtime_error("access map did not load");
        }
    }

    std::unique_ptr<milter::testing::Context> context(milter::testing::Options options = {}) {
        options.name = "pyspffilter";
        return std::make_unique<milter::testing::Context>(
            milter::make_factory<SpfFilter>(std::shared_ptr<const Services>(services_)), std::move(options));
    }

    // negotiate + connect from 192.0.2.1 + helo.
    std::unique_ptr<milter::testing::Context> session(const std::string& helo, milter::testing::Options options = {},
                                                      const std::string& ip = "192.0.2.1") {
        auto t = context(std::move(options));
        t->negotiate();
        t->connect("client.test.invalid", {milter::PeerAddress::Inet4, ip, 40000});
        if (!helo.empty()) t->helo(helo);
        return t;
    }

    std::shared_ptr<CaptureSink> sink = std::make_shared<CaptureSink>();

private:
    testing::TempDir dir_{"spfmilter-test"};
    core::ManualClock clock_;
    dns::ZoneResolver resolver_;
    spf::Checker checker_;
    std::shared_ptr<Services> services_;
};

// A short message for feed_message.
inline const std::string kMessage = "From: bob@example.org\nTo: postmaster@mx.test.invalid\nSubject: hi\n\nhello\n";

}  // namespace mailsec::spfmilter::test
