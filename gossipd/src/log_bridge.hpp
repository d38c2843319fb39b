// The libgossip Node logs through a plain callback; gossipd sends those records to
// its daemon::Logger at the same severity (debug: one line per request; warning:
// bad input and refusals; error: a request that failed).
//
//   gossip::Node node(store, clock, options, nullptr, gossipd::node_logger(log));
#pragma once

#include "mailsec/daemon/log.hpp"
#include "mailsec/gossip/node.hpp"

namespace mailsec::gossipd {

daemon::Severity severity_of(gossip::LogLevel level);
gossip::Logger node_logger(daemon::Logger log);

}  // namespace mailsec::gossipd
