#include "log_bridge.hpp"

namespace mailsec::gossipd {

daemon::Severity severity_of(gossip::LogLevel level) {
    switch (level) {
        case gossip::LogLevel::debug: return daemon::Severity::debug;
        case gossip::LogLevel::info: return daemon::Severity::info;
        case gossip::LogLevel::warning: return daemon::Severity::warning;
        case gossip::LogLevel::error: return daemon::Severity::error;
    }
    return daemon::Severity::error;
}

gossip::Logger node_logger(daemon::Logger log) {
    return [log = std::move(log)](gossip::LogLevel level, const std::string& record) {
        const auto s = severity_of(level);
        if (log.enabled(s)) log.log(s, record);
    };
}

}  // namespace mailsec::gossipd
