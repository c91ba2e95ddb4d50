#!/usr/bin/env bash
# Writes deploy/k8s/base/tls/cluster.pem (ignored by git): a self-signed certificate and its private key, shared by
# every node of the cluster. kustomize turns it into the Secret als-tls, which the coordinator and the workers mount
# and pass to `als --tls-certificate`: remoting runs over TLS and only nodes holding this certificate may join. Run
# once before rendering; run with --force to replace it (then restart the coordinator and the workers together).
set -euo pipefail
folder="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/base/tls"
file="$folder/cluster.pem"
if [ -f "$file" ] && [ "${1:-}" != "--force" ]; then echo "$file exists (use --force to replace it)"; exit 0; fi
command -v openssl > /dev/null || { echo "make-tls.sh: openssl is needed (Debian package openssl)" >&2; exit 2; }
mkdir -p "$folder"
umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 365 -subj "/CN=als cluster" \
  -keyout "$work/key.pem" -out "$work/certificate.pem" 2> /dev/null
cat "$work/certificate.pem" "$work/key.pem" > "$file"
echo "$file"
