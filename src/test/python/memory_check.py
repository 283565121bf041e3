"""Heap growth when one cell is re-run: the post-GC heap of the kernel after warm-up runs, then after 50 more.

Run with Debian's interpreter: /usr/bin/python3 memory_check.py [kernel_name] [runs] [max_growth_mib]
The cell can be replaced with DIFFDYN_MEMORY_CELL. Exits 1 if the heap grew by max_growth_mib or more.
"""
import os
import re
import sys
import time

from jupyter_client.manager import start_new_kernel

KERNEL = sys.argv[1] if len(sys.argv) > 1 else "diffdyn"
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
LIMIT = float(sys.argv[3]) if len(sys.argv) > 3 else 16.0
WARMUP = 5
CELL = os.environ.get("DIFFDYN_MEMORY_CELL",
                      'var r = experiment("generated-variance").set("points", 200).run(); r.plots(); r.table();')
HEAP = ('for (int i = 0; i < 3; i++) { System.gc(); Thread.sleep(50); }\n'
        'System.out.println("USED " + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()));')


def run(kc, code):
    out = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            out.append("ERROR " + msg["content"]["ename"] + ": " + msg["content"]["evalue"])

    reply = kc.execute_interactive(code, timeout=300, output_hook=hook)
    if reply["content"]["status"] != "ok":
        print("FAIL: cell failed:", code, "".join(out), flush=True)
        sys.exit(1)
    return "".join(out)


def heap_mib(kc):
    return int(re.search(r"USED (\d+)", run(kc, HEAP)).group(1)) / 2 ** 20


def main():
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
    try:
        for _ in range(WARMUP):
            run(kc, CELL)
        base = heap_mib(kc)
        print("cell: %s\npost-GC heap after %d warm-up runs: %.1f MiB" % (CELL, WARMUP, base), flush=True)
        t0 = time.monotonic()
        for i in range(1, RUNS + 1):
            run(kc, CELL)
            if i % 10 == 0:
                print("  after %d more runs: %.1f MiB" % (i, heap_mib(kc)), flush=True)
        end = heap_mib(kc)
        growth = end - base
        print("%d re-runs in %.1f s: post-GC heap %.1f -> %.1f MiB, growth %.1f MiB (%.2f MiB/run); limit %.1f MiB"
              % (RUNS, time.monotonic() - t0, base, end, growth, growth / RUNS, LIMIT), flush=True)
        if growth >= LIMIT:
            print("FAIL: heap grew by %.1f MiB" % growth, flush=True)
            sys.exit(1)
        print("ok", flush=True)
    finally:
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
