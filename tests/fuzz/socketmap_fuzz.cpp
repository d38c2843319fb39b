// Fuzz target over srsd's untrusted side (srs.md §7, §8): the netstring decoder,
// every map behind it, and the tcp_table request line. Any bytes must give replies
// or a clean framing error; never a crash or an exception.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "mailsec/core/clock.hpp"
#include "maps.hpp"
#include "netstring.hpp"
#include "schemes.hpp"
#include "tcp_table.hpp"

namespace srsd = mailsec::srsd;
namespace core = mailsec::core;

namespace {

class NullSink final : public mailsec::daemon::LogSink {
public:
    void write(mailsec::daemon::Severity, std::string_view) override {}
};

struct Target {
    core::ManualClock clock{core::Clock::time_point{std::chrono::seconds{1705320000}}};
    std::unique_ptr<srsd::Maps> maps;

    Target() {
        srsd::Settings s;
        s.maps = {.fwdomain = "second.com", .domains = {".local.example"}, .ses = {"ses.example"},
                  .sign = {"sign.example"}, .nosrs = {"relay"}};
        auto log = mailsec::daemon::Logger::to_sink(std::make_shared<NullSink>(), mailsec::daemon::Severity::debug);
        maps = std::make_unique<srsd::Maps>(s.maps, srsd::make_schemes(s, {"shhhh!"}, clock).value(), log);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Target t;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    srsd::NetstringDecoder decoder(1000);
    decoder.append(input);
    for (auto f = decoder.next(); f.status == srsd::Frame::Status::complete; f = decoder.next())
        (void)srsd::socketmap_payload(t.maps->request(f.payload));
    auto line = input.substr(0, input.find('\n'));
    if (auto key = srsd::decode_tcp_table_request(line)) {
        (void)srsd::tcp_table_reply(t.maps->lookup("forward", *key));
        (void)srsd::tcp_table_reply(t.maps->lookup("reverse", *key));
        (void)t.maps->lookup("make_srs", *key);
        (void)t.maps->lookup("reverse_srs", *key);
    }
    return 0;
}
