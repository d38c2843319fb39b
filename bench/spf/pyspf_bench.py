#!/usr/bin/python3
"""Evaluations per second of pyspf (Debian python3-spf) over an RFC 7208 YAML suite.

DNS is answered from each scenario's zonedata with the same fake-DNS rules as
mailsec's spf-suite runner (docs/spf.md section 7), so both sides evaluate the
same cases against the same data. Prints one line: `pyspf evaluations/s: R`.

usage: pyspf_bench.py SUITE.yml REPEAT
"""
import sys
import time

import spf
import yaml


class Timeout(Exception):
    pass


def _key(name):
    name = name[:-1] if name.endswith('.') else name
    return name.lower()


def _encode(s):
    # YAML escapes are code points; the served bytes are their UTF-8 encoding.
    return s.encode('utf-8') if isinstance(s, str) else bytes(s)


def build_zone(zonedata):
    """owner -> list of (type, value) items, with SPF copied to TXT (rule 1)."""
    zone = {}
    for owner, items in (zonedata or {}).items():
        out, has_txt, spfs = [], False, []
        for item in items or []:
            if item == 'TIMEOUT':
                out.append(('TIMEOUT', None))
                continue
            (rtype, value), = item.items()
            if rtype == 'TXT':
                has_txt = True
            if value == 'NONE':
                continue
            if rtype in ('TXT', 'SPF'):
                strings = value if isinstance(value, list) else [value]
                value = [_encode(s) for s in strings]
                if rtype == 'SPF':
                    spfs.append(value)
            elif rtype == 'MX':
                value = (int(value[0]), value[1])
            out.append((rtype, value))
        if not has_txt:
            out.extend(('TXT', v) for v in spfs)
        zone[_key(str(owner))] = out
    return zone


def make_lookup(zone):
    def lookup(name, qtype, strict=True, timeout=None):
        result = []
        name = _key(name)
        for _ in range(11):
            items = zone.get(name)
            if items is None:
                if name.startswith('error.'):
                    raise spf.TempError('DNS timeout')
                return result
            cname = [v for t, v in items if t == 'CNAME']
            if cname and qtype != 'CNAME':
                result.append(((name, 'CNAME'), cname[0]))
                name = _key(cname[0])
                continue
            seen = False
            for rtype, value in items:
                if rtype == 'TIMEOUT':
                    if not seen:
                        raise spf.TempError('DNS timeout')
                    break
                if rtype == qtype:
                    result.append(((name, qtype), value))
                    seen = True
            return result
        raise spf.TempError('DNS CNAME loop')
    return lookup


def main():
    suite, repeat = sys.argv[1], int(sys.argv[2])
    with open(suite, encoding='utf-8') as f:
        scenarios = [s for s in yaml.safe_load_all(f) if s]
    cases = []
    for scenario in scenarios:
        lookup = make_lookup(build_zone(scenario.get('zonedata')))
        for test in scenario['tests'].values():
            cases.append((lookup, test['host'], test.get('mailfrom', ''), test.get('helo', '')))
    evaluations = 0
    start = time.perf_counter()
    for _ in range(repeat):
        for lookup, host, mailfrom, helo in cases:
            spf.DNSLookup = lookup
            try:
                spf.query(i=host, s=mailfrom, h=helo, receiver='unknown').check()
            except Exception:  # pyspf raises on a few malformed inputs; count the attempt
                pass
            evaluations += 1
    elapsed = time.perf_counter() - start
    print('pyspf evaluations: %d in %.3f s' % (evaluations, elapsed))
    print('pyspf evaluations/s: %.0f' % (evaluations / elapsed))


if __name__ == '__main__':
    main()
