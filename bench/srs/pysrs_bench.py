#!/usr/bin/python3
"""pysrs (Debian python3-srs) forward+reverse pairs per second, Guarded scheme,
the same work as bench_srs. usage: pysrs_bench.py PAIRS"""
import sys
import time

import SRS


def main():
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    srs = SRS.new(secret='bench secret', maxage=21, hashlength=4)
    failures = 0
    start = time.perf_counter()
    for i in range(pairs):
        sender = 'user%d@example%d.com' % (i, i % 97)
        forwarded = srs.forward(sender, 'forwarder.example.net')
        if srs.reverse(forwarded) != sender:
            failures += 1
    elapsed = time.perf_counter() - start
    print('pysrs pairs: %d in %.3f s (failures %d)' % (pairs, elapsed, failures))
    print('pysrs pairs/s: %.0f' % (pairs / elapsed))


if __name__ == '__main__':
    main()
