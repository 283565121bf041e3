"""Runs cells in a fresh kernel and compares their text/plain results.

Run with Debian's interpreter: /usr/bin/python3 cells_check.py CASES.json [kernel_name]
CASES.json holds [[code, expected_text_plain_or_null], ...]; null means "must succeed". The kernel inherits this
process's environment, so DIFFDYN_* variables set by the caller reach it. Exits 1 on the first mismatch.
"""
import json
import sys

from jupyter_client.manager import start_new_kernel

cases = json.load(open(sys.argv[1]))
name = sys.argv[2] if len(sys.argv) > 2 else "diffdyn"
km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
failed = False
try:
    for code, expected in cases:
        results, errors = [], []

        def hook(msg):
            if msg["msg_type"] == "execute_result":
                results.append(msg["content"]["data"].get("text/plain"))
            elif msg["msg_type"] == "error":
                errors.append("%s: %s" % (msg["content"]["ename"], msg["content"]["evalue"]))
            elif msg["msg_type"] == "stream":
                sys.stdout.write(msg["content"]["text"])

        reply = kc.execute_interactive(code, timeout=120, output_hook=hook)
        status = reply["content"]["status"]
        got = results[-1] if results else None
        ok = status == "ok" and (expected is None or got == expected)
        print("%s: %r -> %s %r %s" % ("ok" if ok else "FAIL", code, status, got, "; ".join(errors)), flush=True)
        if not ok:
            failed = True
            break
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
sys.exit(1 if failed else 0)
