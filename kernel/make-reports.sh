#!/usr/bin/env bash
# Main job: build, install the diffdyn kernel, execute every notebooks/*.ipynb headless with the `report` command
# into reports/NAME.ipynb (executed) and reports/NAME.html (offline: plotly.js once, MathJax embedded, no network).
# Fails (exit 1) if any notebook fails, i.e. if any cell raises an error. Prints the wall time of each notebook.
#   JUPYTER_DATA_DIR           where the kernelspec goes (default: the user Jupyter data folder)
#   DIFFDYN_NOTEBOOK_TIMEOUT   per-cell timeout in seconds (default 600)
#   DIFFDYN_JAVA, DIFFDYN_JVM_OPTS   passed on to the kernel (see kernel/kernel.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mvn -B -q package -DskipTests
java_bin="${DIFFDYN_JAVA:-java}"
"$java_bin" -cp "target/diffdyn-0.1.0.jar:target/lib/*" org.diffdyn.kernel.KernelspecInstaller

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

shopt -s nullglob
notebooks=(notebooks/*.ipynb)
if [ ${#notebooks[@]} -eq 0 ]; then
  echo "no notebooks in notebooks/" >&2
  exit 1
fi
mkdir -p reports
failed=()
total_start=$(date +%s.%N)
for nb in "${notebooks[@]}"; do
  start=$(date +%s.%N)
  name="$(basename "$nb" .ipynb)"
  if "$java_bin" -jar target/diffdyn-0.1.0.jar report "$nb" --out "reports/$name.html" \
      --timeout "${DIFFDYN_NOTEBOOK_TIMEOUT:-600}" </dev/null; then
    status=ok
  else
    status=FAILED
    failed+=("$nb")
  fi
  end=$(date +%s.%N)
  printf '%-48s %8s s  %s\n' "$nb" "$(elapsed "$start" "$end")" "$status"
done
printf '%-48s %8s s\n' "total" "$(elapsed "$total_start" "$(date +%s.%N)")"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed notebooks: ${failed[*]}" >&2
  exit 1
fi
echo "reports written to $root/reports/"
