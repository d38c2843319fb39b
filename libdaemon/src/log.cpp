// Logging (log.hpp): record formatting and the stderr/stream and syslog sinks.
#include "mailsec/daemon/log.hpp"

#include <syslog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <mutex>

#include "mailsec/core/ascii.hpp"

namespace mailsec::daemon {
namespace {

bool needs_quotes(std::string_view v) {
    if (v.empty()) return true;
    for (char c : v)
        if (c == ' ' || c == '"' || c == '=') return true;
    return false;
}

void append_escaped(std::string& out, char c, bool quoted) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\n')
        out += "\\n";
    else if (c == '\r')
        out += "\\r";
    else if (c == '\t')
        out += "\\t";
    else if (u < 0x20 || u == 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", u);
        out += buf;
    } else if (c == '\\' || (quoted && c == '"')) {
        out += '\\';
        out += c;
    } else {
        out += c;
    }
}

// ISO 8601 UTC with milliseconds: sortable and unambiguous across time zones.
std::string timestamp(const core::Clock& clock) {
    auto now = clock.now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms < 0 ? ms + 1000 : ms));
    return buf;
}

class StreamSink final : public LogSink {
public:
    StreamSink(std::ostream& out, std::string name, std::shared_ptr<const core::Clock> clock)
        : out_(out), name_(std::move(name)), clock_(std::move(clock)) {}
    void write(Severity s, std::string_view record) override {
        std::string line = timestamp(*clock_) + " ";
        if (!name_.empty()) line += name_ + "[" + std::to_string(::getpid()) + "]: ";
        line += std::string(severity_name(s)) + ": " + std::string(record) + "\n";
        std::lock_guard lock(mutex_);
        out_ << line << std::flush;
    }

private:
    std::ostream& out_;
    std::string name_;
    std::shared_ptr<const core::Clock> clock_;
    std::mutex mutex_;
};

int syslog_priority(Severity s) {
    switch (s) {
        case Severity::debug: return LOG_DEBUG;
        case Severity::info: return LOG_INFO;
        case Severity::warning: return LOG_WARNING;
        case Severity::error: return LOG_ERR;
        case Severity::fatal: return LOG_CRIT;
    }
    return LOG_ERR;
}

class SyslogSink final : public LogSink {
public:
    SyslogSink(std::string ident, int facility) : ident_(std::move(ident)) {
        ::openlog(ident_.c_str(), LOG_PID | LOG_NDELAY, facility);  // syslog keeps the pointer
    }
    ~SyslogSink() override { ::closelog(); }
    void write(Severity s, std::string_view record) override {
        std::string line = std::string(severity_name(s)) + ": " + std::string(record);
        ::syslog(syslog_priority(s), "%s", line.c_str());  // syslog(3) is thread-safe
    }

private:
    std::string ident_;
};

}  // namespace

std::string_view severity_name(Severity s) {
    switch (s) {
        case Severity::debug: return "debug";
        case Severity::info: return "info";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
        case Severity::fatal: return "fatal";
    }
    return "?";
}

bool parse_severity(std::string_view text, Severity& out) {
    for (auto s : {Severity::debug, Severity::info, Severity::warning, Severity::error, Severity::fatal})
        if (core::iequals(text, severity_name(s))) {
            out = s;
            return true;
        }
    if (core::iequals(text, "warn")) {
        out = Severity::warning;
        return true;
    }
    return false;
}

std::string format_field_value(std::string_view value) {
    bool quoted = needs_quotes(value);
    std::string out = quoted ? "\"" : "";
    for (char c : value) append_escaped(out, c, quoted);
    if (quoted) out += '"';
    return out;
}

std::string format_record(std::string_view message, std::initializer_list<Field> fields) {
    std::string out;
    for (char c : message) append_escaped(out, c, false);
    for (const auto& f : fields) {
        out += ' ';
        out += f.key;
        out += '=';
        out += format_field_value(f.value);
    }
    return out;
}

Logger Logger::to_stderr(Severity threshold, std::string name) {
    return to_stream(std::cerr, threshold, std::move(name), std::make_shared<core::SystemClock>());
}

Logger Logger::to_stream(std::ostream& out, Severity threshold, std::string name,
                         std::shared_ptr<const core::Clock> clock) {
    return Logger(std::make_shared<StreamSink>(out, std::move(name), std::move(clock)), threshold);
}

Logger Logger::to_syslog(std::string ident, int facility, Severity threshold) {
    return Logger(std::make_shared<SyslogSink>(std::move(ident), facility), threshold);
}

Logger Logger::to_sink(std::shared_ptr<LogSink> sink, Severity threshold) { return Logger(std::move(sink), threshold); }

void Logger::log(Severity s, std::string_view message, std::initializer_list<Field> fields) const {
    if (!enabled(s)) return;
    sink_->write(s, format_record(message, fields));
}

}  // namespace mailsec::daemon
