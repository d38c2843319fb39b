#!/usr/bin/python3
"""pysrs (Debian python3-srs) forward+reverse pairs per second, Guarded scheme,
the same work as bench_srs, best of 5 rounds. usage: pysrs_bench.py PAIRS"""
import sys
import time

import SRS


def main():
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    srs = SRS.new(secret='bench secret', maxage=21, hashlength=4)
    failures = 0
    rounds = 5
    best = 0.0
    total = 0.0
    n = pairs // rounds
    for r in range(rounds):
        start = time.perf_counter()
        for i in range(r * n, (r + 1) * n):
            sender = 'user%d@example%d.com' % (i, i % 97)
            forwarded = srs.forward(sender, 'forwarder.example.net')
            if srs.reverse(forwarded) != sender:
                failures += 1
        elapsed = time.perf_counter() - start
        total += elapsed
        best = max(best, n / elapsed)
    print('pysrs pairs: %d in %.3f s (failures %d, best of %d rounds)' % (pairs, total, failures, rounds))
    print('pysrs pairs/s: %.0f' % best)


if __name__ == '__main__':
    main()
