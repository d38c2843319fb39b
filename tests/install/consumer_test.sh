#!/bin/sh
# usage: consumer_test.sh BUILD_DIR CONSUMER_SOURCE_DIR CXX
set -eu
build=$1
src=$2
cxx=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/mailsec-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

echo "== cmake --install into $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
for f in lib/libmailsec-dns.so include/mailsec/dns/resolver.hpp include/mailsec/core/result.hpp \
         lib/pkgconfig/mailsec-dns.pc lib/pkgconfig/mailsec-core.pc lib/pkgconfig/mailsec-spf.pc lib/libmailsec-spf.so lib/cmake/mailsec/mailsecConfig.cmake; do
    [ -e "$prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
if grep -rlE '<ldns/|<gmime/|<libmilter/' "$prefix/include" ; then
    echo "FAIL: an installed header includes ldns, GMime or libmilter"
    exit 1
fi

echo "== find_package(mailsec COMPONENTS dns)"
cmake -S "$src" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" >"$work/configure.log" \
    || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/cmake-build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
out=$("$work/cmake-build/consumer")
echo "$out"
[ "$out" = "records v=spf1 -all" ] || { echo "FAIL: find_package consumer printed '$out'"; exit 1; }
out=$("$work/cmake-build/consumer_spf")
echo "$out"
[ "$out" = "pass" ] || { echo "FAIL: find_package spf consumer printed '$out'"; exit 1; }

echo "== pkg-config mailsec-dns"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# shellcheck disable=SC2046
"$cxx" -o "$work/consumer-pc" "$src/main.cpp" $(pkg-config --cflags --libs mailsec-dns)
out=$(LD_LIBRARY_PATH="$prefix/lib" "$work/consumer-pc")
echo "$out"
[ "$out" = "records v=spf1 -all" ] || { echo "FAIL: pkg-config consumer printed '$out'"; exit 1; }
# shellcheck disable=SC2046
"$cxx" -o "$work/consumer-spf-pc" "$src/spf_main.cpp" $(pkg-config --cflags --libs mailsec-spf)
out=$(LD_LIBRARY_PATH="$prefix/lib" "$work/consumer-spf-pc")
echo "$out"
[ "$out" = "pass" ] || { echo "FAIL: pkg-config spf consumer printed '$out'"; exit 1; }
echo "install consumer: OK"
