#include "samples.hpp"

#include <zip.h>

#include <filesystem>
#include <memory>

#include "support/paths.hpp"

namespace mailsec::testing {

namespace {

struct ArchiveDiscard {
    void operator()(zip_t* archive) const noexcept { zip_discard(archive); }
};
struct FileClose {
    void operator()(zip_file_t* file) const noexcept { zip_fclose(file); }
};

std::optional<std::string> read_encrypted_member(const std::filesystem::path& zip_path, const std::string& name) {
    int error = 0;
    std::unique_ptr<zip_t, ArchiveDiscard> archive(zip_open(zip_path.c_str(), ZIP_RDONLY, &error));
    if (!archive) return std::nullopt;
    zip_set_default_password(archive.get(), "denatured");
    zip_stat_t stat;
    if (zip_stat(archive.get(), name.c_str(), 0, &stat) != 0) return std::nullopt;
    std::unique_ptr<zip_file_t, FileClose> file(zip_fopen(archive.get(), name.c_str(), 0));
    if (!file) return std::nullopt;
    std::string data(stat.size, '\0');
    if (zip_fread(file.get(), data.data(), data.size()) != static_cast<zip_int64_t>(data.size())) return std::nullopt;
    return data;
}

}  // namespace

const std::vector<std::string>& mime_sample_names() {
    static const std::vector<std::string> names{
        "samp1",  "spam7",  "spam8",  "spam44", "honey",  "missingboundary", "zip1",   "zip2",
        "zip3",   "ziploop", "test1", "test2",  "utf8",   "big5",            "bounce", "bounce1",
        "bound",  "test8",  "virus1", "virus2", "virus3", "virus4",          "virus5", "virus6",
        "virus7", "virus13"};
    return names;
}

std::optional<std::string> load_mime_sample(const std::string& name) {
    auto shared = shared_dir();
    if (!shared) return std::nullopt;
    auto dir = *shared / "mime";
    if (std::filesystem::exists(dir / name)) return read_file(dir / name);
    if (name.starts_with("virus")) return read_encrypted_member(dir / "virus.zip", name);
    return std::nullopt;
}

}  // namespace mailsec::testing
