// noop_milter: a filter that does nothing, on the mailsec milter library: the floor
// of what a C++ milter costs per message (bench/milter/run).
//
// It overrides every message callback so the MTA sends the whole protocol
// (connect, helo, mail, rcpt, headers, eoh, body, eom), each answered CONTINUE, and
// ACCEPTs at eom. With --eom-only it overrides eom alone, so negotiation leaves
// the MTA nothing to send but MAIL... EOM (milter.md 2.3).
//
//   noop_milter --socket unix:/tmp/noop.sock [--eom-only]
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/milter/filter.hpp"
#include "mailsec/milter/runner.hpp"

namespace milter = mailsec::milter;

namespace {

constexpr const char* kHelp = R"(NAME
    noop_milter - a milter that accepts everything (benchmark peer)

SYNOPSIS
    noop_milter --socket SPEC [--eom-only] [--name NAME]

DESCRIPTION
    Answers CONTINUE to connect, helo, mail, rcpt, every header, eoh and every body
    chunk, and ACCEPT at end of message. --eom-only negotiates every other step
    away. Runs in the foreground; SIGTERM stops it.

OPTIONS
    --socket SPEC   unix:/path, inet:PORT@HOST, inet6:PORT@HOST
    --eom-only      receive only the end of message
    --name NAME     filter name for logs (default: noop_milter)
    --help          this text
)";

class EomOnly : public milter::Filter {
public:
    milter::Status eom(milter::Context&) override { return milter::Status::Accept; }
};

class Noop : public milter::Filter {
public:
    using Status = milter::Status;
    Status connect(milter::Context&, std::string_view, const milter::PeerAddress&) override { return Status::Continue; }
    Status helo(milter::Context&, std::string_view) override { return Status::Continue; }
    Status envfrom(milter::Context&, std::string_view, std::span<const std::string>) override { return Status::Continue; }
    Status envrcpt(milter::Context&, std::string_view, std::span<const std::string>) override { return Status::Continue; }
    Status header(milter::Context&, std::string_view, std::string_view) override { return Status::Continue; }
    Status eoh(milter::Context&) override { return Status::Continue; }
    Status body(milter::Context&, std::string_view) override { return Status::Continue; }
    Status eom(milter::Context&) override { return Status::Accept; }
};

}  // namespace

int main(int argc, char** argv) {
    milter::RunnerOptions options;
    options.name = "noop_milter";
    bool eom_only = false;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        bool has_value = i + 1 < args.size();
        if (a == "--help" || a == "-h") {
            std::cout << kHelp;
            return 0;
        } else if (a == "--socket" && has_value) {
            options.socket = args[++i];
        } else if (a == "--name" && has_value) {
            options.name = args[++i];
        } else if (a == "--eom-only") {
            eom_only = true;
        } else {
            std::cerr << "noop_milter: bad argument \"" << a << "\" (see --help)\n";
            return 2;
        }
    }
    if (options.socket.empty()) {
        std::cerr << "noop_milter: --socket is required (see --help)\n";
        return 2;
    }
    try {
        milter::Runner runner(eom_only ? milter::make_factory<EomOnly>() : milter::make_factory<Noop>(), options);
        runner.open();
        std::cerr << "info: listening socket=" << options.socket << '\n';
        return runner.run();
    } catch (const std::exception& e) {
        std::cerr << "fatal: " << e.what() << '\n';
        return 1;
    }
}
