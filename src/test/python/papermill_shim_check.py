"""Drives kernel/papermill_diffdyn.py as papermill would (inspect the parameters cell, then translate the
parameters), for PapermillShimTest. Run with the stub papermill and kernel/ on PYTHONPATH:
    python3 papermill_shim_check.py CASES.json  ->  JSON on stdout
CASES: {"cases": [{"cell": SOURCE, "parameters": [[NAME, VALUE], ...]}], "doubles": [64-bit patterns]}
"""
import json
import struct
import sys

import papermill_diffdyn
from papermill.translators import papermill_translators, translate_parameters


def main(path):
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    assert papermill_translators.find_translator("diffdyn", "java") is papermill_diffdyn.JavaTranslator
    assert papermill_translators.find_translator("other", "java") is papermill_diffdyn.JavaTranslator
    out = {"cases": [], "doubles": []}
    for case in spec["cases"]:
        translator = papermill_diffdyn.JavaTranslator
        found = translator.inspect({"source": case["cell"]})
        result = {"declarations": [list(p) for p in found]}
        try:
            result["cell"] = translate_parameters("diffdyn", "java", dict(case["parameters"]))
        except ValueError as e:
            result["error"] = str(e)
        out["cases"].append(result)
    for bits in spec["doubles"]:
        out["doubles"].append(repr(struct.unpack("<d", struct.pack("<q", bits))[0]))
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
