// defang-milter: the example milter built on mailsec::milter and mailsec::mime.
// It buffers each message, runs mime::defang at eom, and when something was
// removed replaces the body (CRLF) and applies the top-level header changes as
// header actions (dns-mime.md B1, B4; milter.md 2.1-2.6).
//
//   defang-milter --socket inet:8894@127.0.0.1 [--banned exe,scr,...]
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "mailsec/core/ascii.hpp"
#include "mailsec/milter/filter.hpp"
#include "mailsec/milter/runner.hpp"
#include "mailsec/mime/defang.hpp"
#include "mailsec/mime/library.hpp"
#include "mailsec/mime/message.hpp"

namespace milter = mailsec::milter;
namespace mime = mailsec::mime;

namespace {

constexpr const char* kHelp = R"(NAME
    defang-milter - replace attachments with banned extensions by a warning

SYNOPSIS
    defang-milter --socket SPEC [--banned EXT,EXT,...] [--name NAME]

DESCRIPTION
    A milter (sendmail/Postfix mail filter) that buffers each message, and at the
    end of the message replaces every part whose name (any Content-Type or
    Content-Disposition parameter, or a member of a zip attachment) ends in a banned
    extension with a text part WARNING.TXT naming what was removed. Clean messages
    pass unchanged. Runs in the foreground; SIGTERM stops it.

OPTIONS
    --socket SPEC   where to listen: unix:/path, inet:PORT@HOST, inet6:PORT@HOST
    --banned LIST   comma-separated extensions (default: the 42 of pymilter)
    --name NAME     filter name for logs (default: defang-milter)
    --help          this text

EXAMPLE
    defang-milter --socket inet:8894@127.0.0.1 --banned exe,scr,pif
    Postfix: smtpd_milters = inet:127.0.0.1:8894
)";

class DefangFilter : public milter::Filter {
public:
    // The body is rewritten and headers changed only at eom (milter.md 2.4).
    static constexpr milter::Actions required_actions =
        milter::Actions::ChangeBody | milter::Actions::ChangeHeaders | milter::Actions::AddHeaders;

    explicit DefangFilter(std::shared_ptr<const mime::DefangPolicy> policy) : policy_(std::move(policy)) {}

    milter::Status header(milter::Context&, std::string_view name, std::string_view value) override {
        message_.append(name).append(": ");
        for (char c : value) {
            if (c == '\n') message_ += "\r\n";  // the MTA folds with a bare LF (1.6)
            else message_ += c;
        }
        message_ += "\r\n";
        return milter::Status::Continue;
    }
    milter::Status eoh(milter::Context&) override {
        message_ += "\r\n";
        return milter::Status::Continue;
    }
    milter::Status body(milter::Context&, std::string_view chunk) override {
        message_.append(chunk);
        return milter::Status::Continue;
    }
    milter::Status eom(milter::Context& ctx) override;
    void end_message(milter::Context&) override { message_.clear(); }

private:
    std::shared_ptr<const mime::DefangPolicy> policy_;
    std::string message_;
};

milter::Status DefangFilter::eom(milter::Context& ctx) {
    auto parsed = mime::Message::parse(message_);
    if (!parsed) {
        std::cerr << "warning: unparsable message left alone queue_id=" << ctx.queue_id().value_or("-")
                  << " error=\"" << parsed.error().message << "\"\n";
        return milter::Status::Continue;
    }
    mime::Message& msg = *parsed;
    auto result = mime::defang(msg, *policy_);
    if (!result.modified) return milter::Status::Continue;
    for (const auto& hit : result.hits)
        std::cerr << "info: defanged queue_id=" << ctx.queue_id().value_or("-") << " part=" << hit.path
                  << " name=\"" << hit.reported_name << "\" reason=" << mime::to_string(hit.reason) << '\n';
    for (const auto& change : msg.top_header_changes()) {
        if (change.action == mime::HeaderChange::Action::Delete) {
            ctx.delete_header(change.name, static_cast<std::size_t>(change.index));
        } else {
            std::string_view v = change.value;
            if (v.starts_with(' ')) v.remove_prefix(1);  // the MTA adds the space (1.6)
            ctx.add_header(change.name, v);
        }
    }
    ctx.replace_body(msg.body(mime::Newline::Crlf));
    return milter::Status::Continue;
}

std::vector<std::string> split_extensions(std::string_view list) {
    std::vector<std::string> out;
    std::stringstream ss{std::string(list)};
    for (std::string item; std::getline(ss, item, ',');) {
        std::string_view v = mailsec::core::trim(item);
        while (v.starts_with('.')) v.remove_prefix(1);
        if (!v.empty()) out.push_back(mailsec::core::to_lower(v));
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    milter::RunnerOptions options;
    options.name = "defang-milter";
    auto policy = std::make_shared<mime::DefangPolicy>();
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        bool has_value = i + 1 < args.size();
        if (a == "--help" || a == "-h") {
            std::cout << kHelp;
            return 0;
        } else if (a == "--socket" && has_value) {
            options.socket = args[++i];
        } else if (a == "--banned" && has_value) {
            policy->banned_extensions = split_extensions(args[++i]);
        } else if (a == "--name" && has_value) {
            options.name = args[++i];
        } else {
            std::cerr << "defang-milter: bad argument \"" << a << "\" (see --help)\n";
            return 2;
        }
    }
    if (options.socket.empty()) {
        std::cerr << "defang-milter: --socket is required (see --help)\n";
        return 2;
    }
    try {
        mime::Library gmime;  // g_mime_init before libmilter starts threads (dns-mime.md B3)
        milter::Runner runner(milter::make_factory<DefangFilter>(std::shared_ptr<const mime::DefangPolicy>(policy)),
                              options);
        runner.open();
        std::cerr << "info: listening socket=" << options.socket << '\n';
        return runner.run();
    } catch (const std::exception& e) {
        std::cerr << "fatal: " << e.what() << '\n';
        return 1;
    }
}
