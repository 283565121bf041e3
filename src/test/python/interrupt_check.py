"""Interrupt and restart checks for the diffdyn kernel, driven through jupyter_client.

Run with Debian's interpreter: /usr/bin/python3 interrupt_check.py [kernel_name]
Prints one line per check and exits non-zero on the first failure.
"""
import sys
import threading
import time

from jupyter_client.manager import start_new_kernel

KERNEL = sys.argv[1] if len(sys.argv) > 1 else "diffdyn"
TIMEOUT = 60


def execute(kc, code, interrupt_after=None, km=None, timeout=TIMEOUT):
    """Runs code; optionally interrupts after interrupt_after seconds. Returns (reply, outputs, seconds_after_interrupt)."""
    msg_id = kc.execute(code)
    sent = {}
    if interrupt_after is not None:
        def fire():
            sent["t"] = time.monotonic()
            km.interrupt_kernel()
        timer = threading.Timer(interrupt_after, fire)
        timer.start()
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
        if kind in ("stream", "execute_result", "display_data", "error"):
            outputs.append((kind, msg["content"]))
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    lag = time.monotonic() - sent["t"] if "t" in sent else None
    return reply["content"], outputs, lag


def text_result(outputs):
    for kind, content in outputs:
        if kind == "execute_result":
            return content["data"].get("text/plain")
    return None


def check(cond, what, detail=""):
    if not cond:
        print("FAIL:", what, detail, flush=True)
        sys.exit(1)
    print("ok:", what, detail, flush=True)


def main():
    t0 = time.monotonic()
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
    print("kernel started in %.2f s" % (time.monotonic() - t0), flush=True)
    try:
        reply, out, _ = execute(kc, "int kept = 41 + 1;")
        check(reply["status"] == "ok", "define a variable", str(out))

        reply, out, lag = execute(kc, "Thread.sleep(60000);", interrupt_after=1.0, km=km)
        check(reply["status"] == "error", "sleep is interrupted", "%s after %.3f s" % (reply.get("ename"), lag))
        check(lag < 1.0, "sleep stops within 1 s of the interrupt", "%.3f s" % lag)

        loop = ("long n = 0;\n"
                "while (true) {\n"
                "    org.diffdyn.core.progress.Progress.NONE.checkCancelled();\n"
                "    n++;\n"
                "}")
        reply, out, lag = execute(kc, loop, interrupt_after=1.0, km=km)
        check(reply["status"] == "error" and reply.get("ename", "").endswith("CancelledException"),
              "cooperative CPU loop is cancelled", "%s after %.3f s" % (reply.get("ename"), lag))
        check(lag < 1.0, "CPU loop stops within 1 s of the interrupt", "%.3f s" % lag)

        loop2 = ("var progress = org.diffdyn.core.progress.Progress.NONE;\n"
                 "progress.start(\"spin\", 0);\n"
                 "for (long i = 0; ; i++) { progress.advance(i); if (i % 1000000 == 0) System.out.print(\"\"); }")
        reply, out, lag = execute(kc, loop2, interrupt_after=1.0, km=km)
        check(reply["status"] == "error" and reply.get("ename", "").endswith("CancelledException"),
              "progress loop that also prints is cancelled", "%s after %.3f s" % (reply.get("ename"), lag))

        loop3 = ("String bar = display(\"progress 0\");\n"
                 "try {\n"
                 "    for (long i = 0; ; i++) {\n"
                 "        org.diffdyn.core.progress.Progress.NONE.checkCancelled();\n"
                 "        if (i % 200000 == 0) updateDisplay(bar, \"progress \" + i);\n"
                 "    }\n"
                 "} finally {\n"
                 "    updateDisplay(bar, \"stopped\");\n"
                 "}")
        reply, out, lag = execute(kc, loop3, interrupt_after=1.0, km=km)
        check(reply["status"] == "error" and reply.get("ename", "").endswith("CancelledException"),
              "loop updating a display (also in finally) is cancelled cleanly",
              "%s: %s after %.3f s" % (reply.get("ename"), reply.get("evalue"), lag))

        reply, out, _ = execute(kc, "kept")
        check(reply["status"] == "ok" and text_result(out) == "42", "variable survives interrupts", str(out))

        reply, out, _ = execute(kc, "Thread.sleep(10); \"next cell runs normally\"")
        check(reply["status"] == "ok", "an interrupt does not poison the next cell", str(out))

        reply, out, _ = execute(kc, "Object o = null; o.hashCode();")
        check(reply["status"] == "error" and reply.get("ename") == "java.lang.NullPointerException",
              "runtime error names the real exception class", reply.get("ename"))
        reply, out, _ = execute(kc, "kept + 1")
        check(reply["status"] == "ok" and text_result(out) == "43", "variable survives an error", str(out))

        t = time.monotonic()
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=120)
        print("restart took %.2f s" % (time.monotonic() - t), flush=True)
        reply, out, _ = execute(kc, "1 + 1")
        check(reply["status"] == "ok" and text_result(out) == "2", "kernel works after restart", str(out))
        reply, out, _ = execute(kc, "kept")
        check(reply["status"] == "error", "restart forgets earlier variables", reply.get("ename"))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    print("all interrupt checks passed", flush=True)


if __name__ == "__main__":
    main()
