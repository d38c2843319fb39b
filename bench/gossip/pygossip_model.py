#!/usr/bin/python3
"""The per-request work of pygossip's server, in process (bench/gossip/run).

Debian ships no Python 3 pygossip, so this is the model of gossip.md written in
Python the way pygossip 0.7 does it: split the request line on ':', look the key up,
compute reputation and confidence (gossip.md section 3), format the verdict, keep
the UMIS in a bounded pending queue; on feedback pop the UMIS and vote into the
1024-slot observation ring (section 2). No sockets, no shelve writes: it measures
an upper bound of what pygossip can do per query+feedback pair.

With --serve PORT the same model answers the wire protocol on 127.0.0.1:PORT
(one thread per connection, Python's socketserver), so gossip_load can drive it
over loopback like gossipd: still no shelve writes, so still an upper bound.

usage: pygossip_model.py PAIRS [KEYS]
       pygossip_model.py --serve PORT
"""
import collections
import math
import socketserver
import sys
import threading
import time

MAXOBS = 1024
QSIZE = 1000


class Observations:
    __slots__ = ("ham", "null", "bptr", "bcnt", "hcnt", "ncnt", "firstseen", "lastseen")

    def __init__(self, now):
        self.ham = self.null = 0
        self.bptr = self.bcnt = self.hcnt = self.ncnt = 0
        self.firstseen = self.lastseen = now

    def vote(self, v, now):
        bit = 1 << self.bptr
        was_ham = bool(self.ham & bit)
        was_null = bool(self.null & bit)
        if v < 0:
            self.hcnt -= was_ham and not was_null
            self.ncnt -= was_null
            self.ham &= ~bit
            self.null &= ~bit
        elif v > 0:
            self.hcnt += (not was_ham) or was_null
            self.ncnt -= was_null
            self.ham |= bit
            self.null &= ~bit
        else:
            self.hcnt -= was_ham and not was_null
            self.ncnt += not was_null
            self.null |= bit
        self.bptr = (self.bptr + 1) % MAXOBS
        self.bcnt = min(self.bcnt + 1, MAXOBS)
        self.lastseen = now

    def reputation(self):
        if self.bcnt == 0:
            return 0.0
        n = float(self.bcnt)
        ph = self.hcnt / n
        ps = (self.bcnt - self.hcnt - self.ncnt) / n
        num = math.exp(2 * (ph - ps))
        return 200 * ((num / (1 + num)) - 0.5)

    def confidence(self, now):
        if now <= self.firstseen:
            return 0.0
        age = (100.0 * (self.lastseen - self.firstseen)) / (now - self.firstseen)
        return (self.bcnt / float(MAXOBS)) * age


class Server:
    def __init__(self):
        self.db = {}
        self.pending = {}
        self.order = collections.deque()

    def handle(self, line):
        f = line.strip().split(":")
        now = time.time()
        if f[0] == "Q":
            key = f[1] + ":" + f[2]
            rec = self.db.get(key)
            rep, cfi = (rec.reputation(), rec.confidence(now)) if rec else (0.0, 0.0)
            umis = f[4]
            if umis not in self.pending:
                self.pending[umis] = key
                self.order.append(umis)
                if len(self.order) > QSIZE:
                    self.pending.pop(self.order.popleft(), None)
            action = "REJECT" if rep < -50.0 and cfi > 1.0 else "PREPEND"
            return "%s X-GOSSiP: %s,%d,%d\n\n" % (action, umis, int(rep), int(cfi))
        if f[0] == "F":
            key = self.pending.pop(f[1], None)
            if key is not None:
                s = f[2]
                spam = s == "Yes" or (s != "No" and int(s) >= 1)
                rec = self.db.get(key)
                if rec is None:
                    rec = self.db[key] = Observations(now)
                rec.vote(-1 if spam else 1, now)
            return "\n\n"
        return "ERROR X-GOSSiP: -,0,0\n\n"


def serve(port):
    server = Server()
    lock = threading.Lock()

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            for raw in self.rfile:
                line = raw.decode("ascii", "replace").strip()
                if not line:
                    continue
                with lock:
                    reply = server.handle(line)
                self.wfile.write(reply.encode("ascii"))
                self.wfile.flush()

    socketserver.ThreadingTCPServer.allow_reuse_address = True
    socketserver.ThreadingTCPServer.daemon_threads = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler) as tcp:
        tcp.serve_forever()


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]))
        return
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    keys = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    server = Server()
    start = time.perf_counter()
    for i in range(pairs):
        umis = "L0x%d" % i
        server.handle("Q:d%d.example:SPF:1:%s\n" % (i % keys, umis))
        server.handle("F:%s:%s\n" % (umis, "0" if i % 4 == 0 else "1"))
    secs = time.perf_counter() - start
    print("pygossip model pairs/s: %.0f" % (pairs / secs))
    print("pygossip model: %d pairs in process in %.2f s (no sockets, no shelve)" % (pairs, secs))


if __name__ == "__main__":
    main()
