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
    print("threadpoolctl not installed: BLAS kernel not reported")

for r in range(repeats):
    t0 = time.perf_counter()
    x = np.load(path)
    t1 = time.perf_counter()
    c = np.cov(x, rowvar=False)
    t2 = time.perf_counter()
    w, v = np.linalg.eigh(c)
    t3 = time.perf_counter()
    w2 = np.linalg.eigvalsh(c)
    t4 = time.perf_counter()
    print("repeat %d: load %.2f s, cov %.2f s, eigh %.2f s -> load+cov+eigh %.2f s; eigvalsh %.2f s -> load+cov+eigvalsh %.2f s; "
          "lambda_max %.6g" % (r, t1 - t0, t2 - t1, t3 - t2, t3 - t0, t4 - t3, (t2 - t0) + (t4 - t3), w[-1]))
    del x, c, v
