#!/bin/sh
# CTest wrapper for spf-suite: runs one suite file and asserts the exact totals line
# and the number of WARN lines (spf.md §7). Exit 77 (SKIP_RETURN_CODE) when the
# shared test data is absent.
#   run_spf_suite.sh SPF_SUITE_BINARY SUITE_FILE WANT_PASSED WANT_WARN
set -u
bin=$1 file=$2 want_passed=$3 want_warn=$4
if [ ! -f "$file" ]; then
    echo "SKIP: $file not found (set MAILSEC_SHARED_DIR to the shared test data)"
    exit 77
fi
out=$("$bin" "$file")
status=$?
printf '%s\n' "$out"
want="$want_passed passed, 0 failed"
if ! printf '%s\n' "$out" | grep -qx "$want"; then
    echo "FAIL: want a line '$want'"
    exit 1
fi
warns=$(printf '%s\n' "$out" | grep -c '^WARN:')
if [ "$warns" -ne "$want_warn" ]; then
    echo "FAIL: got $warns WARN lines, want $want_warn"
    exit 1
fi
if [ "$status" -ne 0 ]; then
    echo "FAIL: spf-suite exited $status"
    exit 1
fi
exit 0
