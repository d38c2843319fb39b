// mailsec::daemon::Fd — the one owner of a file descriptor: closes it on destruction,
// move-only, and release() hands it to something else (an Asio acceptor's assign()).
//
//   daemon::Fd fd{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
//   if (!fd) return error();
//   acceptor.assign(boost::asio::ip::tcp::v4(), fd.release());
#pragma once

namespace mailsec::daemon {

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) noexcept : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& other) noexcept : fd_(other.release()) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other) reset(other.release());
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }
    // Gives up ownership; the caller must close the returned descriptor.
    int release() noexcept {
        int fd = fd_;
        fd_ = -1;
        return fd;
    }
    // Closes the current descriptor (if any) and owns `fd` instead.
    void reset(int fd = -1) noexcept;

private:
    int fd_ = -1;
};

}  // namespace mailsec::daemon
