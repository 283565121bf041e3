#!/usr/bin/env bash
# Installs the "diffdyn" Jupyter kernel (display name "Java (diffdyn)").
#   kernel/install-kernel.sh                  -> $JUPYTER_DATA_DIR/kernels/diffdyn, else ~/.local/share/jupyter/...
#   kernel/install-kernel.sh --prefix DIR     -> DIR/share/jupyter/kernels/diffdyn
#   kernel/install-kernel.sh --data-dir DIR   -> DIR/kernels/diffdyn
# Runs 'mvn package' first when the jars are missing or older than the sources.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar=target/diffdyn-0.1.0.jar
if [ ! -f "$jar" ] || [ ! -d target/lib ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "building: mvn -B -q package -DskipTests" >&2
  mvn -B -q package -DskipTests
fi
exec "${DIFFDYN_JAVA:-java}" -cp "$jar:target/lib/*" org.diffdyn.kernel.KernelspecInstaller "$@"
