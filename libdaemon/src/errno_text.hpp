// errno as text for error messages. strerror_r, because strerror may share a static
// buffer between threads (daemons call these after their worker threads start).
#pragma once

#include <cstring>
#include <string>

namespace mailsec::daemon::detail {

inline std::string errno_text(int err) {
    char buf[128];
    return ::strerror_r(err, buf, sizeof buf);  // GNU strerror_r: returns the message
}

}  // namespace mailsec::daemon::detail
