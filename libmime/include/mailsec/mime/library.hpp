// mailsec::mime::Library — GMime's process-wide start-up, done once.
//
// GMime keeps global state (charset tables, the default parser options) that must
// be set up before the first parse. Create one Library in main() before starting
// any thread (libmilter's workers included); every Message::parse also makes sure
// the set-up happened, through std::call_once, so forgetting it is not a crash.
//
//   int main() {
//       mailsec::mime::Library gmime;   // before smfi_main() starts threads
//       ...
//   }
//
// THREADS: after start-up, any number of threads may parse and change messages at
// once, as long as each Message is used by one thread at a time (GObjects are not
// thread-safe; libmime shares none between messages). GMime's shutdown is left to
// process exit: shutting down while another thread parses would be a use-after-free.
#pragma once

namespace mailsec::mime {

class Library {
public:
    Library();
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;
};

// The call_once behind Library and Message::parse; safe from any thread.
void ensure_initialized();

}  // namespace mailsec::mime
