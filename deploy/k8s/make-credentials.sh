#!/usr/bin/env bash
# Writes deploy/k8s/base/broker-credentials.env (ignored by git): the broker user "als", a random password, and the
# URI the pipeline's pods use. kustomize turns it into the Secret als-broker. Run once before rendering; run with
# --force to rotate the password (then restart RabbitMQ with a fresh volume, or change the password there too).
set -euo pipefail
file="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/base/broker-credentials.env"
if [ -f "$file" ] && [ "${1:-}" != "--force" ]; then echo "$file exists (use --force to replace it)"; exit 0; fi
password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 32)"
umask 077
cat > "$file" <<CREDENTIALS
username=als
password=$password
uri=amqp://als:$password@als-rabbitmq:5672/
CREDENTIALS
echo "$file"
