// Builds the SRS scheme, its always-rewrite twin (make_srs) and the SES signer from
// the settings and secrets. For the db scheme the SQLite store is opened here, before
// privileges are dropped.
#pragma once

#include <string>
#include <vector>

#include "config.hpp"
#include "mailsec/core/clock.hpp"
#include "maps.hpp"

namespace mailsec::srsd {

core::Result<Schemes> make_schemes(const Settings& settings, const std::vector<std::string>& secrets,
                                   const core::Clock& clock);

}  // namespace mailsec::srsd
