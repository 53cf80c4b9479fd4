#!/usr/bin/env python3
"""The figures of scripts/bench-rush's raw results (the load driver's JSON,
one block per run headed "### <config> r<round> | load …").

  summarize.py RAW          median [min–max] per configuration over its rounds
  summarize.py --last RAW   one line for the last run
"""
import json
import re
import statistics
import sys


def runs(path):
    text = open(path).read()
    parts = re.split(r'^### (.*)$', text, flags=re.M)
    for i in range(1, len(parts), 2):
        head, body = parts[i], parts[i + 1]
        cfg, rnd = head.split(' | ')[0].rsplit(' ', 1)
        load = float(head.split('load ')[1].split()[0]) if 'load ' in head else 0.0
        if '}' not in body:
            yield cfg, {'failed': True, 'load': load}
            continue
        d = json.loads(body[body.index('{'):body.rindex('}') + 1])
        b, api = d.get('bot') or {}, d.get('apiCalls') or {}
        users = int(re.search(r'users=(\d+)', d['scenario']).group(1))
        steps = d['stepLatencyMs']
        m = re.search(r'^statements: (\d+)$', body, flags=re.M)
        stm = int(m.group(1)) / d['updates'] if m and d.get('updates') else None
        yield cfg, {
            'cpu': b.get('cpuMsPerUpdateDrained', b.get('cpuMsPerUpdate')),
            'p50': steps['p50'] / 1000, 'p99': steps['p99'] / 1000,
            'bps': d['bookingsPerSec'], 'booked': d['bookings'], 'users': users,
            'rss': b.get('hwmKB', 0) / 1024, 'over': bool(d.get('overbooked')),
            'r429': sum(v for k, v in api.items() if k.startswith(('429 ', 'over '))),
            'calls': {k: v / users for k, v in api.items() if not k.startswith(('429 ', 'over '))},
            'load': load, 'stm': stm,
        }


def fmt(xs, n=2):
    return f"{statistics.median(xs):.{n}f} [{min(xs):.{n}f}–{max(xs):.{n}f}]"


def stm(rs):
    xs = [r['stm'] for r in rs if r.get('stm') is not None]
    return fmt(xs, 1) if xs else '—'


def calls(c):
    short = {'sendMessage': 'sends', 'editMessageText': 'edits', 'answerCallbackQuery': 'answers', 'getUpdates': 'polls'}
    return ', '.join(f"{c[k]:.1f} {v}" for k, v in short.items() if k in c)


def main():
    last = sys.argv[1] == '--last'
    all_runs = list(runs(sys.argv[-1]))
    if last:
        cfg, r = all_runs[-1]
        if r.get('failed'):
            print(f"{cfg}: the run failed (see its log)")
            return
        st = f", {r['stm']:.1f} statements/update" if r.get('stm') is not None else ''
        print(f"{cfg}: cpu {r['cpu']:.3f} ms/update{st}, reply wait p50 {r['p50']:.2f} s p99 {r['p99']:.2f} s, "
              f"{r['bps']} bookings/s, booked {r['booked']}/{r['users']}, peak RSS {r['rss']:.1f} MiB, "
              f"429s {r['r429']}, overbooked {'YES' if r['over'] else 'no'}, per flow: {calls(r['calls'])} (load {r['load']})")
        return
    by = {}
    for cfg, r in all_runs:
        by.setdefault(cfg, []).append(r)
    print('| configuration | rounds | bot CPU ms/update | statements/update | reply wait p50 s | reply wait p99 s | bookings/s | '
          'booked | peak RSS MiB | 429s | overbooked | Bot API calls per flow (median run) | load (1 min) |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for cfg, rs in by.items():
        ok = [r for r in rs if not r.get('failed')]
        if not ok:
            print(f"| {cfg} | 0 of {len(rs)} | failed |")
            continue
        mid = sorted(ok, key=lambda r: r['cpu'])[len(ok) // 2]
        print(f"| {cfg} | {len(ok)}{'' if len(ok) == len(rs) else f' of {len(rs)}'} | {fmt([r['cpu'] for r in ok], 3)} | {stm(ok)} | "
              f"{fmt([r['p50'] for r in ok])} | {fmt([r['p99'] for r in ok])} | {fmt([r['bps'] for r in ok], 1)} | "
              f"{min(r['booked'] for r in ok)}–{max(r['booked'] for r in ok)} of {ok[0]['users']} | {fmt([r['rss'] for r in ok], 1)} | "
              f"{sum(r['r429'] for r in ok)} | {'YES' if any(r['over'] for r in ok) else 'no'} | {calls(mid['calls'])} | "
              f"{min(r['load'] for r in ok):.1f}–{max(r['load'] for r in ok):.1f} |")


if __name__ == '__main__':
    main()
