"""Checks executed notebooks: no error outputs, and every code cell tagged "expect-output" has an output.

Run with Debian's interpreter: /usr/bin/python3 notebook_check.py OUT.ipynb [...]
Prints one line per problem and exits 1 if there is any.
"""
import sys

import nbformat


def problems(path):
    nb = nbformat.read(path, as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = "%s: cell %d" % (path, index)
        first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append("%s (%s): %s: %s" % (where, first, out.get("ename"), out.get("evalue")))
        tags = cell.get("metadata", {}).get("tags", [])
        if "expect-output" in tags and not cell.get("outputs"):
            found.append("%s (%s): tagged expect-output but produced no output" % (where, first))
    return found


def main(paths):
    all_found = []
    for p in paths:
        all_found.extend(problems(p))
    for line in all_found:
        print(line)
    if not all_found:
        print("no problems in %d notebook(s)" % len(paths))
    return 1 if all_found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
