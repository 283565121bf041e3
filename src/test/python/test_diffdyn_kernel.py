"""Jupyter kernel conformance suite (jupyter_kernel_test) for the diffdyn kernel.

Run: JUPYTER_DATA_DIR=target/jupyter-data /usr/bin/python3 -m unittest -v test_diffdyn_kernel
(KernelConformanceIT does this after installing the kernelspec). Only features the kernel supports are claimed:
no pager payloads. History (tail, range, search) and clear_output (the notebook function clearOutput()) are tested.
"""
import os
import unittest

import jupyter_kernel_test


class DiffdynKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("DIFFDYN_KERNEL_NAME", "diffdyn")
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'

    completion_samples = [
        {"text": "System.curr", "matches": {"currentTimeMillis()"}},
        {"text": "Math.sq", "matches": {"sqrt("}},
        {"text": "%classp", "matches": {"%classpath"}},
    ]

    complete_code_samples = [
        "1",
        "int x = 1;",
        'System.out.println("hi");',
        "for (int i = 0; i < 3; i++) { }",
        "%classpath",
    ]
    incomplete_code_samples = [
        "for (int i = 0; i < 3; i++) {",
        "int[] a = {1, 2,",
        "void f() {",
    ]
    invalid_code_samples = [
        "int x = ;",
        "}",
    ]

    code_generate_error = 'throw new IllegalStateException("expected failure");'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "int y = 6 * 7;\ny", "result": "42"},
        {"code": '"diff" + "dyn"', "result": "diffdyn"},
    ]

    code_display_data = [
        {"code": 'String id = display("shown");', "mime": "text/plain"},
    ]

    code_inspect_sample = "Math.max"

    # history_request: the kernel keeps the session's cells in memory (CellHistory); the pattern is a SQLite glob
    # that matches the first code_execute_result sample.
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "1 + ?"

    # clearOutput() is a default-imported static of the diffdyn kernel (NotebookStatics), like IPython's clear_output
    code_clear_output = 'System.out.println("soon gone"); clearOutput();'


if __name__ == "__main__":
    unittest.main()
