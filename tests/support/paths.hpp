// Where tests find shared data and built binaries, and temporary directories that
// clean themselves up.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace mailsec::testing {

// $MAILSEC_SHARED_DIR (set by CTest) or ../shared next to the source tree. nullopt
// when the directory does not exist: the caller skips with a clear message.
std::optional<std::filesystem::path> shared_dir();

// $MAILSEC_BIN_DIR: build/bin.
std::filesystem::path bin_dir();

// $MAILSEC_SOURCE_DIR: the checkout.
std::filesystem::path source_dir();

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
    explicit TempDir(const std::string& prefix = "mailsec-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

}  // namespace mailsec::testing
