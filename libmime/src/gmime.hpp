// The one place libmime includes GMime, plus move-only owners for every handle it
// creates: GObjects (g_object_unref), GMime's boxed option and iterator types, and
// g_malloc'd strings. Nothing else calls *_unref or *_free.
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#include <gmime/gmime.h>
#pragma GCC diagnostic pop

#include <memory>
#include <utility>
#include <string>

namespace mailsec::mime::detail {

// A reference to a GObject: adopts the reference it is given and drops it once.
template <typename T>
class GObjectPtr {
public:
    GObjectPtr() = default;
    explicit GObjectPtr(T* adopted) noexcept : ptr_(adopted) {}
    GObjectPtr(GObjectPtr&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}
    GObjectPtr& operator=(GObjectPtr&& other) noexcept {
        if (this != &other) {
            reset();
            ptr_ = std::exchange(other.ptr_, nullptr);
        }
        return *this;
    }
    GObjectPtr(const GObjectPtr&) = delete;
    GObjectPtr& operator=(const GObjectPtr&) = delete;
    ~GObjectPtr() { reset(); }

    // Takes a new reference to a borrowed object.
    static GObjectPtr share(T* borrowed) {
        if (borrowed) g_object_ref(borrowed);
        return GObjectPtr(borrowed);
    }

    T* get() const noexcept { return ptr_; }
    explicit operator bool() const noexcept { return ptr_ != nullptr; }
    void reset() noexcept {
        if (ptr_) g_object_unref(ptr_);
        ptr_ = nullptr;
    }

private:
    T* ptr_ = nullptr;
};

struct ParserOptionsFree {
    void operator()(GMimeParserOptions* p) const noexcept { g_mime_parser_options_free(p); }
};
struct FormatOptionsFree {
    void operator()(GMimeFormatOptions* p) const noexcept { g_mime_format_options_free(p); }
};
struct PartIterFree {
    void operator()(GMimePartIter* p) const noexcept { g_mime_part_iter_free(p); }
};
struct GFree {
    void operator()(void* p) const noexcept { g_free(p); }
};

using ParserOptionsPtr = std::unique_ptr<GMimeParserOptions, ParserOptionsFree>;
using FormatOptionsPtr = std::unique_ptr<GMimeFormatOptions, FormatOptionsFree>;
using PartIterPtr = std::unique_ptr<GMimePartIter, PartIterFree>;
using GCharPtr = std::unique_ptr<char, GFree>;

// A g_malloc'd string (may be null) as a std::string; frees it.
inline std::string take_string(char* owned) {
    GCharPtr holder(owned);
    return owned ? std::string(owned) : std::string();
}

inline std::string to_string_or_empty(const char* borrowed) { return borrowed ? std::string(borrowed) : std::string(); }

}  // namespace mailsec::mime::detail
