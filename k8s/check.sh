#!/usr/bin/env bash
# Renders every overlay (or the overlay directories given) with `kubectl kustomize` and checks the deployment rules
# of k8s/README.md ("What check.sh checks") with check_manifests.py. Exits non-zero, naming each broken rule, when
# an overlay does not render or breaks a rule.
#   k8s/check.sh                      every overlay under k8s/overlays
#   k8s/check.sh path/to/ap-south-1   the overlays given (a directory's name is the AWS region it deploys to)
# KUBECTL and PYTHON choose the binaries (k8s/install-kubectl.sh installs the pinned kubectl).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
kubectl="${KUBECTL:-kubectl}"
python="${PYTHON:-python3}"

fail() { echo "check.sh: $*" >&2; exit 2; }

command -v "$kubectl" >/dev/null || fail "no kubectl: run k8s/install-kubectl.sh or set KUBECTL"
kustomize_version="$("$kubectl" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')"
[[ "${kustomize_version:-0}" -ge 5 ]] \
  || fail "$kubectl embeds kustomize ${kustomize_version:-unknown}; components need kustomize v5 (kubectl 1.27+): run k8s/install-kubectl.sh"
"$python" -c 'import yaml' 2>/dev/null || fail "$python has no PyYAML: apt-get install python3-yaml, or set PYTHON"

if [[ $# -gt 0 ]]; then overlays=("$@"); else overlays=("$here"/overlays/*/); fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

pairs=()
for overlay in "${overlays[@]}"; do
  overlay="${overlay%/}"
  name="$(basename "$overlay")"
  if ! "$kubectl" kustomize "$overlay" > "$out/$name.yaml" 2> "$out/$name.err"; then
    echo "FAIL $name: does not render: $(tail -n 3 "$out/$name.err")"
    exit 1
  fi
  echo "rendered $name: $(grep -c '^kind:' "$out/$name.yaml") resources"
  pairs+=("$overlay=$out/$name.yaml")
done

"$python" "$here/check_manifests.py" --repo "$repo" "${pairs[@]}"
