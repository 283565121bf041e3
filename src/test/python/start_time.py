"""Measures kernel start as a Jupyter client sees it: start_new_kernel until the kernel_info reply.

Run with Debian's interpreter: /usr/bin/python3 start_time.py [repeats] [kernel_name]
Set DIFFDYN_JAVA to choose the JDK. Prints one line per start and a final "median" line.
"""
import statistics
import sys
import time

from jupyter_client.manager import start_new_kernel

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
name = sys.argv[2] if len(sys.argv) > 2 else "diffdyn"
ready, first = [], []
for i in range(repeats):
    t = time.monotonic()
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
    ready.append(time.monotonic() - t)
    try:
        t = time.monotonic()
        kc.execute_interactive("1 + 1", timeout=60, output_hook=lambda m: None)
        first.append(time.monotonic() - t)
        kc.execute_interactive('System.out.println(System.getProperty("java.version"))', timeout=60)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    print("start %d: ready %.2f s, first cell %.2f s" % (i + 1, ready[-1], first[-1]), flush=True)
print("median: ready %.2f s, first cell %.2f s (min ready %.2f s, max %.2f s)"
      % (statistics.median(ready), statistics.median(first), min(ready), max(ready)), flush=True)
