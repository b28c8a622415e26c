#!/usr/bin/env bash
# The bot door beside the Bot Framework JavaScript SDK (botbuilder-js, CloudAdapter) in one run of the peer harness
# (PEERS_DIR, default ../shared/peers next to the repository): the same activities, the same Connector stand-in
# (nginx), the same wrk load, first on one conversation and then spread over 200. Prints the harness's lines and the
# ratios commplan/botbuilder-js (requests per second; p99 latency, lower is better).
#   bench/peers.sh                      # 10 s per load
#   DURATION_S=5 bench/peers.sh         # shorter
#   CONVERSATION_LOADS="200" bench/peers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS_DIR=${PEERS_DIR:-$(cd .. && pwd)/shared/peers}
[[ -x "$PEERS_DIR/run-peers.sh" ]] || { echo "bench/peers.sh: no peer harness at $PEERS_DIR (set PEERS_DIR)" >&2; exit 2; }
PORT=${BENCH_PORT:-39783}
WORK=$(mktemp -d /tmp/commplan-peers.XXXXXX)
HOST_PID=""
stop_host() { [[ -n "$HOST_PID" ]] && kill "$HOST_PID" 2>/dev/null && wait "$HOST_PID" 2>/dev/null; HOST_PID=""; }
trap stop_host EXIT

dotnet publish src/CommPlan.Host -c Release -o "$WORK/app" -nologo -clp:ErrorsOnly >&2

for conversations in ${CONVERSATION_LOADS:-1 200}; do
  # A fresh database for each load, the embedded default with the Bot Framework's token check off (loopback only),
  # replies going to the harness's Connector stand-in named by the activities' serviceUrl.
  rm -rf "$WORK/data"
  (cd "$WORK/app" && exec env ASPNETCORE_URLS="http://127.0.0.1:$PORT" dotnet CommPlan.Host.dll \
      --Storage:DatabasePath="$WORK/data/commplan.db" --Storage:DocumentsFolder="$WORK/data/documents") >"$WORK/host-$conversations.log" 2>&1 &
  HOST_PID=$!
  for _ in $(seq 1 150); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.2; done
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/health" || { echo "the host did not start; see $WORK/host-$conversations.log" >&2; exit 1; }
  echo "# load: $conversations conversation(s)"
  CONVERSATIONS=$conversations SKIP_PEERS="${SKIP_PEERS:-teams-apps-v2}" RUN_DIR="$WORK/run-$conversations" \
    "$PEERS_DIR/run-peers.sh" "commplan=http://127.0.0.1:$PORT/api/messages" | tee "$WORK/peers-$conversations.txt"
  echo "# ratios commplan / botbuilder-js, $conversations conversation(s) (rps: higher is better; p99: lower is better)"
  awk '
    /^# =====/ { summary = 1; next }
    summary && / kind=/ {
      label = $1; key = ""; rps = ""; p99 = ""
      for (i = 2; i <= NF; i++) {
        split($i, kv, "=")
        if (kv[1] == "kind" || kv[1] == "conns") key = key " " $i
        if (kv[1] == "rps") rps = kv[2]
        if (kv[1] == "p99_ms") p99 = kv[2]
      }
      r[label, key] = rps; p[label, key] = p99; keys[key] = 1
    }
    END {
      for (k in keys) if (r["botbuilder-js", k] > 0 && r["commplan", k] > 0)
        printf "ratio%s rps=%.2fx (%s vs %s) p99=%.2fx (%s ms vs %s ms)\n", k,
          r["commplan", k] / r["botbuilder-js", k], r["commplan", k], r["botbuilder-js", k],
          p["commplan", k] / p["botbuilder-js", k], p["commplan", k], p["botbuilder-js", k]
    }' "$WORK/peers-$conversations.txt" | sort
  stop_host
done
