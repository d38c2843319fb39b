# Shared helpers for bench/*/run scripts (POSIX sh).

# need_packages PKG...: installs missing Debian packages (peers are measured, never tested against).
need_packages() {
    missing=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        echo "bench: installing$missing" >&2
        SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
    fi
}

# rate_of LABEL: reads "LABEL: N" lines from stdin, prints N.
rate_of() {
    sed -n "s|^$1: *\([0-9.]*\).*|\1|p" | tail -1
}

# print_ratio WHAT MAILSEC PEER PEERNAME
print_ratio() {
    awk -v what="$1" -v a="$2" -v b="$3" -v peer="$4" 'BEGIN {
        printf "%s: mailsec %.0f, %s %.0f, ratio %.1fx\n", what, a, peer, b, (b > 0 ? a / b : 0) }'
}
