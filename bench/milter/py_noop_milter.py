# A do-nothing milter on pymilter (Debian python3-milter), the Python peer of
# noop_milter: CONTINUE to every step, ACCEPT at end of message.
# usage: python3 py_noop_milter.py SOCKET_SPEC
import sys

import Milter


class Noop(Milter.Base):
    def connect(self, hostname, family, hostaddr): return Milter.CONTINUE
    def hello(self, hostname): return Milter.CONTINUE
    def envfrom(self, f, *esmtp): return Milter.CONTINUE
    def envrcpt(self, to, *esmtp): return Milter.CONTINUE
    def header(self, name, value): return Milter.CONTINUE
    def eoh(self): return Milter.CONTINUE
    def body(self, chunk): return Milter.CONTINUE
    def eom(self): return Milter.ACCEPT


if __name__ == "__main__":
    Milter.factory = Noop
    print("info: listening socket=%s" % sys.argv[1], file=sys.stderr, flush=True)
    Milter.runmilter("py_noop_milter", sys.argv[1], 60)
