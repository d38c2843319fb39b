// A filter for tests: overrides every callback, records each call and answers what
// the test scripted for that stage (Continue by default); a script step may also
// act on the Context or throw.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mailsec/milter/filter.hpp"

namespace milter_test {

namespace milter = mailsec::milter;

struct Script {
    std::map<milter::Stage, std::function<milter::Status(milter::Context&)>> on;
    std::function<void(milter::Negotiation&)> on_negotiate;
    std::vector<std::string> calls;
    int filters_made = 0;

    milter::Status run(milter::Stage s, milter::Context& ctx, std::string detail = {}) {
        calls.push_back(std::string(milter::to_string(s)) + (detail.empty() ? "" : ":" + detail));
        auto it = on.find(s);
        return it == on.end() ? milter::Status::Continue : it->second(ctx);
    }
};

class ScriptFilter : public milter::Filter {
public:
    explicit ScriptFilter(std::shared_ptr<Script> s) : s_(std::move(s)) { ++s_->filters_made; }
    milter::Status connect(milter::Context& c, std::string_view host, const milter::PeerAddress& p) override {
        return s_->run(milter::Stage::Connect, c, std::string(host) + "/" + p.address);
    }
    milter::Status helo(milter::Context& c, std::string_view n) override { return s_->run(milter::Stage::Helo, c, std::string(n)); }
    milter::Status envfrom(milter::Context& c, std::string_view a, std::span<const std::string> e) override {
        return s_->run(milter::Stage::EnvFrom, c, std::string(a) + (e.empty() ? "" : " " + e[0]));
    }
    milter::Status envrcpt(milter::Context& c, std::string_view a, std::span<const std::string>) override {
        return s_->run(milter::Stage::EnvRcpt, c, std::string(a));
    }
    milter::Status data(milter::Context& c) override { return s_->run(milter::Stage::Data, c); }
    milter::Status header(milter::Context& c, std::string_view n, std::string_view v) override {
        return s_->run(milter::Stage::Header, c, std::string(n) + "=" + std::string(v));
    }
    milter::Status eoh(milter::Context& c) override { return s_->run(milter::Stage::Eoh, c); }
    milter::Status body(milter::Context& c, std::string_view chunk) override {
        return s_->run(milter::Stage::Body, c, std::to_string(chunk.size()));
    }
    milter::Status unknown(milter::Context& c, std::string_view cmd) override {
        return s_->run(milter::Stage::Unknown, c, std::string(cmd));
    }
    milter::Status eom(milter::Context& c) override { return s_->run(milter::Stage::Eom, c); }
    void abort(milter::Context& c) override { s_->run(milter::Stage::Abort, c); }
    void close(milter::Context& c) override { s_->run(milter::Stage::Close, c); }
    void end_message(milter::Context&) override { s_->calls.push_back("end_message"); }
    void negotiate(milter::Negotiation& n) override {
        if (s_->on_negotiate) s_->on_negotiate(n);
    }

private:
    std::shared_ptr<Script> s_;
};

// The same filter with every step-bearing callback marked no-reply.
class NoReplyScriptFilter : public ScriptFilter {
public:
    using ScriptFilter::ScriptFilter;
    static constexpr milter::Steps no_reply = milter::Steps::NrConnect | milter::Steps::NrHelo |
        milter::Steps::NrMail | milter::Steps::NrRcpt | milter::Steps::NrData | milter::Steps::NrHeader |
        milter::Steps::NrEoh | milter::Steps::NrBody | milter::Steps::NrUnknown;
};

}  // namespace milter_test
