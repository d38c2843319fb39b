// The bridge from libmilter's C callbacks to Session (milter.md 1.9): libmilter
// keeps one registration per process, so the factory and configuration it serves
// live here in process-global storage, set once by the Runner.
#pragma once

#include "mailsec/milter/filter.hpp"
#include "session.hpp"

namespace mailsec::milter::detail {

// smfi_register with every callback; the pointers must outlive smfi_main.
// Returns false on MI_FAILURE.
bool register_with_libmilter(const FilterFactory* factory, const SessionConfig* config);

}  // namespace mailsec::milter::detail
