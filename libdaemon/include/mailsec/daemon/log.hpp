// mailsec::daemon::Logger — severity by meaning plus a fixed message and key=value
// fields (style.md, after Postfix msg(3)): "warning: cannot reload map file=/etc/x error=\"No such file\"".
// Severities: debug, info; warning = carry on; error = this request failed; fatal =
// bad configuration or start-up failure, the caller exits cleanly. The Logger is a
// value passed to whoever logs (no global); copies share one thread-safe sink.
//
//   auto log = daemon::Logger::to_stderr(daemon::Severity::info);   // or to_syslog("srsd", LOG_MAIL)
//   log.info("listening", {{"listen", spec.text()}, {"backlog", 128}});
//   log.error("reverse failed", {{"address", addr}, {"reason", r.error().message}});
//
// Never pass a secret as a field.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "mailsec/core/clock.hpp"

namespace mailsec::daemon {

enum class Severity { debug, info, warning, error, fatal };

std::string_view severity_name(Severity s);
// "debug", "info", "warning" (or "warn"), "error", "fatal"; nullopt-like false on junk.
bool parse_severity(std::string_view text, Severity& out);

// One key=value field. Numbers and booleans are formatted here so call sites stay short.
struct Field {
    Field(std::string_view k, std::string_view v) : key(k), value(v) {}
    Field(std::string_view k, const std::string& v) : key(k), value(v) {}
    Field(std::string_view k, const char* v) : key(k), value(v == nullptr ? "" : v) {}
    Field(std::string_view k, bool v) : key(k), value(v ? "true" : "false") {}
    Field(std::string_view k, int v) : key(k), value(std::to_string(v)) {}
    Field(std::string_view k, long v) : key(k), value(std::to_string(v)) {}
    Field(std::string_view k, long long v) : key(k), value(std::to_string(v)) {}
    Field(std::string_view k, unsigned v) : key(k), value(std::to_string(v)) {}
    Field(std::string_view k, unsigned long v) : key(k), value(std::to_string(v)) {}
    Field(std::string_view k, unsigned long long v) : key(k), value(std::to_string(v)) {}
    std::string key;
    std::string value;
};

// "message key=value key2=\"two words\"": a value is quoted when it is empty or holds a
// space, '"' or '='; '\\' and '"' are backslash-escaped in quotes; control bytes and DEL
// become \n, \r, \t or \xHH everywhere, so one call is always one log line.
std::string format_record(std::string_view message, std::initializer_list<Field> fields);
// The same escaping for one value (exposed for tests and for other formats).
std::string format_field_value(std::string_view value);

// Where records go. write() receives the severity and the formatted "message fields"
// text without a newline; implementations serialise concurrent calls themselves.
class LogSink {
public:
    virtual ~LogSink() = default;
    virtual void write(Severity severity, std::string_view record) = 0;
};

class Logger {
public:
    // "2026-11-27T12:08:32.123Z srsd[1234]: warning: message k=v" lines; name may be empty.
    static Logger to_stderr(Severity threshold, std::string name = {});
    // The same format to any stream (tests), with the clock that stamps the lines.
    static Logger to_stream(std::ostream& out, Severity threshold, std::string name,
                            std::shared_ptr<const core::Clock> clock);
    // syslog(3) with openlog(ident, LOG_PID, facility): the ident is kept alive by the
    // sink. openlog state is per process, so a process has one syslog Logger.
    static Logger to_syslog(std::string ident, int facility, Severity threshold);
    static Logger to_sink(std::shared_ptr<LogSink> sink, Severity threshold);

    void log(Severity s, std::string_view message, std::initializer_list<Field> fields = {}) const;
    void debug(std::string_view m, std::initializer_list<Field> f = {}) const { log(Severity::debug, m, f); }
    void info(std::string_view m, std::initializer_list<Field> f = {}) const { log(Severity::info, m, f); }
    void warning(std::string_view m, std::initializer_list<Field> f = {}) const { log(Severity::warning, m, f); }
    void error(std::string_view m, std::initializer_list<Field> f = {}) const { log(Severity::error, m, f); }
    void fatal(std::string_view m, std::initializer_list<Field> f = {}) const { log(Severity::fatal, m, f); }

    bool enabled(Severity s) const { return s >= threshold_; }
    Severity threshold() const { return threshold_; }
    // A copy with another threshold, sharing the sink.
    Logger with_threshold(Severity threshold) const { return Logger(sink_, threshold); }

private:
    Logger(std::shared_ptr<LogSink> sink, Severity threshold) : sink_(std::move(sink)), threshold_(threshold) {}
    std::shared_ptr<LogSink> sink_;
    Severity threshold_;
};

}  // namespace mailsec::daemon
