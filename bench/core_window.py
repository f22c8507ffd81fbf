#!/usr/bin/env python3
"""Runs a command that prints one line per finished file (`imagepipe resize`), and reports the
wall time and the process's CPU (user+sys from /proc/PID/stat) from its start, and over the last
`measured` lines: the window after the first `warm` files, the core's steady state.

usage: core_window.py WARM MEASURED OUTFILE -- COMMAND...
prints: total_wall total_cpu window_wall window_cpu peak_rss_kib
"""
import os, subprocess, sys, time

warm, measured, outfile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
cmd = sys.argv[sys.argv.index('--') + 1:]
hz = os.sysconf('SC_CLK_TCK')


def cpu(pid):
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / hz


def peak(pid):
    with open(f'/proc/{pid}/status') as f:
        return next(int(l.split()[1]) for l in f if l.startswith('VmHWM'))


t0 = time.time()
p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
lines, tw, cw, last = 0, t0, 0.0, (0.0, 0, t0)
with open(outfile, 'w') as out:
    for line in p.stdout:
        out.write(line)
        lines += 1
        if lines == warm:
            tw, cw = time.time(), cpu(p.pid)
        if lines == warm + measured:
            # the last line: read before the JVM exits and its /proc entry goes
            last = (cpu(p.pid), peak(p.pid), time.time())
p.wait()
c1, rss, t1 = last
print(f'{t1 - t0:.2f} {c1:.2f} {t1 - tw:.2f} {c1 - cw:.2f} {rss}')
