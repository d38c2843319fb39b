// Finding libmilter's listening socket to set TCP_NODELAY on it (milter.md 2.6):
// libmilter 8.17 keeps the fd private, so open() compares /proc/self/fd before and
// after smfi_opensocket.
#pragma once

#include <set>

namespace mailsec::milter::detail {

std::set<int> open_fds();
// Sets TCP_NODELAY on every listening TCP socket not in `before`; returns how many.
int set_nodelay_on_new_listeners(const std::set<int>& before);
// True when fd is a TCP socket with TCP_NODELAY set.
bool has_nodelay(int fd);

}  // namespace mailsec::milter::detail
