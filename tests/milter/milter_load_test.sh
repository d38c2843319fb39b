#!/bin/sh
# bench/milter's load client works: milter_load drives noop_milter over a unix
# socket (the whole protocol, then only EOM when the filter negotiates the rest
# away, then a reconnect every 10 messages) and every message is accepted; a
# missing socket is a clear error with exit status 1.
# usage: milter_load_test.sh BIN_DIR
set -eu
bin=$1
dir=$(mktemp -d /tmp/milter-load-test.XXXXXX)
pids=""
cleanup() {
    for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
    for p in $pids; do
        n=0
        while kill -0 "$p" 2>/dev/null && [ $n -lt 30 ]; do sleep 0.25; n=$((n + 1)); done
        kill -KILL "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# start NAME ARGS...: noop_milter on unix:$dir/NAME.sock, waits for the socket.
start() {
    name=$1
    shift
    "$bin/noop_milter" --socket "unix:$dir/$name.sock" "$@" 2>"$dir/$name.log" &
    pids="$pids $!"
    i=0
    until grep -q listening "$dir/$name.log"; do
        i=$((i + 1))
        [ $i -lt 100 ] || fail "noop_milter $name did not start: $(cat "$dir/$name.log")"
        sleep 0.1
    done
}

# expect NAME WANT_ACCEPT ARGS...: runs milter_load, checks exit 0, counts and no errors.
expect() {
    name=$1 want=$2
    shift 2
    out=$("$bin/milter_load" --socket "unix:$dir/$name.sock" "$@" 2>&1) || fail "milter_load $*: exit $?: $out"
    got=$(echo "$out" | sed -n 's/^accept: //p')
    [ "$got" = "$want" ] || fail "milter_load $*: got accept: $got, want $want: $out"
    echo "$out" | grep -q '^messages: '"$want"'$' || fail "milter_load $*: not $want messages: $out"
    echo "$out" | grep -q '^errors: 0$' || fail "milter_load $*: errors: $out"
    echo "$out" | grep -q '^p99_ms: ' || fail "milter_load $*: no p99_ms: $out"
    echo "ok: $name $* -> accept $got"
}

start full
start eom --eom-only
expect full 200 -c 4 -n 50
expect eom 200 -c 2 -n 100
expect full 200 -c 2 -n 100 --per-connection 10 --rcpt a@x.invalid --rcpt b@x.invalid

# No filter there: exit 1 and an error naming the socket.
if out=$("$bin/milter_load" --socket "unix:$dir/none.sock" -n 1 2>&1); then fail "no filter: exit 0: $out"; fi
echo "$out" | grep -q "cannot connect to unix:$dir/none.sock" || fail "no filter: unclear error: $out"
echo "ok: missing socket is an error"
