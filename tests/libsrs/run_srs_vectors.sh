#!/bin/sh
# CTest wrapper: runs srs-vectors over the pysrs vector file (srs.md §9) and checks
# that every row passed and that the count is the file's row count.
# Exit 77 (SKIP_RETURN_CODE) when the shared file is absent.
set -u
tool=$1
file=$2
if [ ! -f "$file" ]; then
    echo "SKIP: vector file $file not found (set MAILSEC_SHARED_DIR)"
    exit 77
fi
rows=$(($(grep -c . "$file") - 1))
out=$("$tool" "$file")
status=$?
printf '%s\n' "$out"
want="$rows passed, 0 failed"
last=$(printf '%s\n' "$out" | tail -n 1)
if [ "$status" -ne 0 ] || [ "$last" != "$want" ]; then
    echo "FAIL: got '$last' (exit $status), want '$want'"
    exit 1
fi
