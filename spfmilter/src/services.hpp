// What every spfmilter connection shares: the settings, the address lists, the SPF
// checker, the access map and the logger. Built once in main (or a test) and handed
// to each SpfFilter through a shared_ptr; everything here is thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "access_map.hpp"
#include "address_list.hpp"
#include "config.hpp"
#include "mailsec/daemon/log.hpp"
#include "mailsec/spf/checker.hpp"

namespace mailsec::spfmilter {

struct Services {
    Settings settings;
    AddressList internal;
    AddressList trusted;
    const spf::Checker* checker = nullptr;  // outlives the services
    std::unique_ptr<AccessMap> access;      // null without [spf] access_file
    daemon::Logger log;
    std::string hostname;                   // authserv-id / receiver fallback
    mutable std::atomic<bool> warned_no_j{false};
    mutable std::atomic<bool> warned_no_chghdrs{false};

    Services(Settings s, daemon::Logger l) : settings(std::move(s)), log(std::move(l)) {}
};

}  // namespace mailsec::spfmilter
