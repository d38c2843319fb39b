#include "mailsec/mime/library.hpp"

#include <mutex>

#include "gmime.hpp"

namespace mailsec::mime {

void ensure_initialized() {
    static std::once_flag once;
    // g_mime_init is an unlocked counter (dns-mime.md B3): exactly one call, and
    // no g_mime_shutdown, which would pull state from under other threads.
    std::call_once(once, [] { g_mime_init(); });
}

Library::Library() { ensure_initialized(); }

}  // namespace mailsec::mime
