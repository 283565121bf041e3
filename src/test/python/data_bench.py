"""numpy side of DataBench: np.load + covariance spectrum of the same 50,000 x 3,072 float32 .npy.

Run after the JMH DataBench has written the file (target/bench/ar1-50000x3072.npy):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 src/test/python/data_bench.py [FILE] [REPEATS]

Prints the BLAS numpy runs on (threadpoolctl, when installed) and, per repeat, the seconds for np.load,
np.cov(x, rowvar=False) (float64, 1/(n-1)), np.linalg.eigh and np.linalg.eigvalsh on that covariance.
"""
import os
import sys
import time

import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else "target/bench/ar1-50000x3072.npy"
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
print("numpy", np.__version__, "OPENBLAS_CORETYPE=%s" % os.environ.get("OPENBLAS_CORETYPE"),
      "OPENBLAS_L2_SIZE=%s" % os.environ.get("OPENBLAS_L2_SIZE"))
try:
    from threadpoolctl import threadpool_info
    for p in threadpool_info():
        print("blas:", p.get("internal_api"), p.get("version"), "arch", p.get("architecture"), "threads", p.get("num_threads"))
except ImportError:
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        print("blas (build info; threadpoolctl not installed):", blas.get("name"), blas.get("version"))
    except Exception:
        print("threadpoolctl not installed: BLAS kernel not reported")

def now():
    return time.perf_counter(), time.process_time()  # wall, CPU of all threads


for r in range(repeats):
    (w0, c0) = now()
    x = np.load(path)
    (w1, c1) = now()
    c = np.cov(x, rowvar=False)
    (w2, c2) = now()
    w, v = np.linalg.eigh(c)
    (w3, c3) = now()
    e = np.linalg.eigvalsh(c)
    (w4, c4) = now()
    print("repeat %d: load %.2f s (cpu %.2f), cov %.2f s (cpu %.2f), eigh %.2f s (cpu %.2f), eigvalsh %.2f s (cpu %.2f); "
          "load+cov+eigh %.2f s (cpu %.2f), load+cov+eigvalsh %.2f s (cpu %.2f); lambda_max %.6g"
          % (r, w1 - w0, c1 - c0, w2 - w1, c2 - c1, w3 - w2, c3 - c2, w4 - w3, c4 - c3, w3 - w0, c3 - c0,
             (w2 - w0) + (w4 - w3), (c2 - c0) + (c4 - c3), w[-1]))
    del x, c, v
