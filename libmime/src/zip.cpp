// Zip listing on libzip, every handle owned by a unique_ptr.
#include <zip.h>

#include <memory>
#include <string>

#include "mailsec/core/ascii.hpp"
#include "zip_walk.hpp"

namespace mailsec::mime {

namespace {

struct ArchiveDiscard {
    void operator()(zip_t* archive) const noexcept { zip_discard(archive); }  // read-only: nothing to write
};
struct SourceFree {
    void operator()(zip_source_t* source) const noexcept { zip_source_free(source); }
};
struct FileClose {
    void operator()(zip_file_t* file) const noexcept { zip_fclose(file); }
};
using ArchivePtr = std::unique_ptr<zip_t, ArchiveDiscard>;
using SourcePtr = std::unique_ptr<zip_source_t, SourceFree>;
using FilePtr = std::unique_ptr<zip_file_t, FileClose>;

core::Result<ArchivePtr> open_archive(std::string_view bytes) {
    // libzip opens zero bytes as an empty archive; Python's zipfile (and unzip) say "not a zip".
    if (bytes.empty()) return core::make_error("not-a-zip", "no bytes");
    zip_error_t error;
    zip_error_init(&error);
    SourcePtr source(zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error));
    zip_error_fini(&error);
    if (!source) return core::make_error("not-a-zip", "cannot create a zip source");
    zip_error_init(&error);
    ArchivePtr archive(zip_open_from_source(source.get(), ZIP_RDONLY, &error));
    std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    if (!archive) return core::make_error("not-a-zip", "not a zip archive: " + reason);
    source.release();  // the archive owns the source now
    return archive;
}

core::Result<std::string> read_member(zip_t* archive, zip_uint64_t index, std::size_t size) {
    FilePtr file(zip_fopen_index(archive, index, 0));
    if (!file) return core::make_error("unreadable", std::string("cannot open a nested zip: ") + zip_strerror(archive));
    std::string data(size, '\0');
    zip_int64_t got = size == 0 ? 0 : zip_fread(file.get(), data.data(), size);
    if (got < 0 || static_cast<std::size_t>(got) != size)
        return core::make_error("unreadable", "cannot read a nested zip");
    return data;
}

struct Walker {
    const ZipOptions& options;
    const std::function<bool(const ZipMember&)>& visit;
    bool stopped = false;

    core::Status walk(std::string_view bytes, const std::string& prefix, int depth);
    core::Status nested(zip_t* archive, zip_uint64_t index, const ZipMember& member);
};

core::Status Walker::walk(std::string_view bytes, const std::string& prefix, int depth) {
    auto archive = open_archive(bytes);
    if (!archive) return archive.error();
    zip_int64_t count = zip_get_num_entries(archive->get(), 0);
    for (zip_int64_t i = 0; i < count && !stopped; ++i) {
        auto index = static_cast<zip_uint64_t>(i);
        const char* name = zip_get_name(archive->get(), index, ZIP_FL_ENC_RAW);
        zip_stat_t stat;
        zip_stat_init(&stat);
        zip_stat_index(archive->get(), index, 0, &stat);
        ZipMember member{prefix + (name ? name : ""), depth,
                         (stat.valid & ZIP_STAT_SIZE) ? static_cast<std::size_t>(stat.size) : 0};
        if (!visit(member)) {
            stopped = true;
            break;
        }
        if (options.open_nested && is_zip_name(member.name)) {
            if (auto status = nested(archive->get(), index, member); !status) return status;
        }
    }
    return {};
}

core::Status Walker::nested(zip_t* archive, zip_uint64_t index, const ZipMember& member) {
    if (member.size == 0) return {};  // a blank zip is skipped, as pymilter does
    if (member.depth >= options.max_depth)
        return core::make_error("too-deep", "zip nested deeper than " + std::to_string(options.max_depth));
    if (member.size > options.max_member_bytes)
        return core::make_error("too-large", "nested zip " + member.name + " is larger than the limit");
    auto data = read_member(archive, index, member.size);
    if (!data) return data.error();
    return walk(*data, member.name + "/", member.depth + 1);
}

}  // namespace

namespace detail {

core::Status walk_zip(std::string_view bytes, const ZipOptions& options,
                      const std::function<bool(const ZipMember&)>& visit) {
    Walker walker{options, visit};
    return walker.walk(bytes, "", 1);
}

}  // namespace detail

core::Result<std::vector<ZipMember>> list_zip(std::string_view bytes, const ZipOptions& options) {
    std::vector<ZipMember> members;
    auto status = detail::walk_zip(bytes, options, [&](const ZipMember& m) {
        members.push_back(m);
        return true;
    });
    if (!status) return status.error();
    return members;
}

bool is_zip_name(std::string_view name) {
    while (!name.empty() && (name.back() == '.' || core::is_ascii_space(name.back()))) name.remove_suffix(1);
    return name.size() >= 4 && core::iequals(name.substr(name.size() - 4), ".zip");
}

}  // namespace mailsec::mime
