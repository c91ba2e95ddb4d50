#!/usr/bin/env bash
# A private RabbitMQ broker for a local cluster or the tests, from the Debian package (apt-get install rabbitmq-server).
#
#   deploy/local/broker.sh start DIR [PORT]   start a node whose data, logs and Erlang cookie live in DIR; create the
#                                             user "als" with a random password; write amqp://als:…@localhost:PORT/ to
#                                             DIR/broker.uri (readable by you only) and print its path; a
#                                             restart of the same DIR keeps that password
#   deploy/local/broker.sh stop DIR           stop that node
#   deploy/local/broker.sh status DIR         exit 0 when it answers
#   deploy/local/broker.sh ctl DIR ARGS...    rabbitmqctl ARGS against that node (e.g. list_queues, list_connections)
#
# The node uses PORT (default 5672) for AMQP and PORT+20000 for Erlang distribution, and no management plugin.
# The default guest account is left as RabbitMQ ships it (loopback only) and is not used.
set -euo pipefail
action="${1:-}"; dir="${2:-}"
[ -n "$action" ] && [ -n "$dir" ] || { sed -n '2,14p' "$0"; exit 2; }
server=/usr/lib/rabbitmq/bin/rabbitmq-server
ctl=/usr/lib/rabbitmq/bin/rabbitmqctl
[ -x "$server" ] || { echo "broker.sh: RabbitMQ is not installed: apt-get install -y rabbitmq-server" >&2; exit 2; }
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

node_env() {
  local port; port="$(cat "$dir/port")"
  export HOME="$dir"                                   # the Erlang cookie goes here, shared by server and rabbitmqctl
  export RABBITMQ_NODENAME="als$port@localhost"
  export RABBITMQ_NODE_PORT="$port"
  export RABBITMQ_DIST_PORT="$((port + 20000))"
  export RABBITMQ_MNESIA_BASE="$dir/mnesia"
  export RABBITMQ_LOG_BASE="$dir/log"
  export RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
  export RABBITMQ_CONFIG_FILE="$dir/rabbitmq"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
  # No busy-waiting Erlang schedulers: on a small machine they take CPU from the workers beside them.
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="+sbwt none +sbwtdcpu none +sbwtdio none"
}

case "$action" in
  start)
    echo "${3:-5672}" > "$dir/port"
    node_env
    printf '[].\n' > "$dir/enabled_plugins"
    printf 'listeners.tcp.default = %s\n' "$RABBITMQ_NODE_PORT" > "$dir/rabbitmq.conf"
    mkdir -p "$dir/log" "$dir/mnesia"
    nohup "$server" > "$dir/log/server.out" 2>&1 &
    echo $! > "$dir/server.pid"
    "$ctl" -n "$RABBITMQ_NODENAME" wait "$RABBITMQ_PID_FILE" --timeout 90 > /dev/null   # the pid file, then the app
    # A restart keeps the password, so running workers and coordinators reconnect with the URI they hold.
    if [ -f "$dir/broker.uri" ]; then password="$(sed -E 's#^amqp://als:([^@]*)@.*#\1#' "$dir/broker.uri")"
    else password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 24)"; fi
    "$ctl" -n "$RABBITMQ_NODENAME" add_user als "$password" > /dev/null 2>&1 || "$ctl" -n "$RABBITMQ_NODENAME" change_password als "$password" > /dev/null
    "$ctl" -n "$RABBITMQ_NODENAME" set_permissions -p / als '.*' '.*' '.*' > /dev/null
    umask 077
    echo "amqp://als:$password@localhost:$RABBITMQ_NODE_PORT/" > "$dir/broker.uri"
    echo "$dir/broker.uri"
    ;;
  stop)
    [ -f "$dir/port" ] || exit 0
    node_env
    "$ctl" -n "$RABBITMQ_NODENAME" stop > /dev/null 2>&1 || true
    if [ -f "$dir/server.pid" ]; then kill "$(cat "$dir/server.pid")" 2> /dev/null || true; fi
    ;;
  status)
    node_env
    "$ctl" -n "$RABBITMQ_NODENAME" status > /dev/null 2>&1
    ;;
  ctl)
    node_env
    shift 2
    "$ctl" -n "$RABBITMQ_NODENAME" "$@"
    ;;
  *)
    sed -n '2,14p' "$0"; exit 2 ;;
esac
