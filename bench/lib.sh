# bench/lib.sh — what the bench/ scripts share; sourced, never run. Before sourcing, a script sets ROOT (the
# repository), then calls bench_start <results-name> and uses the functions below. Everything listens on
# 127.0.0.1; every process started through start_gateway or track is stopped on exit, and so is any process whose
# command line names a path under $RUN_DIR/gateway… (a broker or PostgreSQL a gateway left behind; a script's own
# servers get data directories named so too), by pid.

BENCH=$ROOT/bench
GATEWAY_JAR=$ROOT/target/quarkus-app/quarkus-run.jar
BARE_JAR=$BENCH/bare-route/target/quarkus-app/quarkus-run.jar
RAW_TOPIC=switchboard.inbound.raw
QUEUE_TOPIC=switchboard.queue.general.medium
GROUP=switchboard-pipeline
SECRET="bench-secret-$RANDOM$RANDOM"
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PIDS=()

log() { echo "[bench $(date +%T)] $*"; }

# Makes bench/results/<name><timestamp>/ the run directory (RUN_DIR); the summary goes to the original stdout
# (fd 3), progress to stderr and bench.log; stops everything on exit.
bench_start() {
  RUN_DIR=$BENCH/results/$1$(date +%Y%m%d-%H%M%S)
  mkdir -p "$RUN_DIR"
  exec 3>&1
  exec > >(tee -a "$RUN_DIR/bench.log" >&2) 2>&1
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local i leftovers=()
  for (( i = ${#PIDS[@]} - 1; i >= 0; i-- )); do stop_process "${PIDS[i]}"; done # the last started first
  for proc in /proc/[0-9]*; do
    local pid=${proc#/proc/}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    if { tr '\0' ' ' <"$proc/cmdline"; } 2>/dev/null | grep -qF -- "$RUN_DIR/gateway"; then leftovers+=("$pid"); fi
  done
  for pid in "${leftovers[@]}"; do stop_process "$pid"; done
  log "all processes stopped; raw outputs in $RUN_DIR"
  exit "$status"
}

track() { PIDS+=("$1"); } # stop this pid on exit (in reverse order: what was started on top of it stops first)

stop_process() { # SIGTERM, 40 s grace (a gateway stops its broker), then SIGKILL
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "pid $pid did not stop in 40 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

loadgen() { java -cp "$BENCH/loadgen/target/classes:$(cat "$BENCH/loadgen/target/classpath.txt")" io.switchboard.bench.load.Main "$@"; }

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
mb() { echo $(( $1 / 1024 )); }
cpu_ticks() { # a process and its direct children (PostgreSQL's backends are children of the postmaster)
  local total=0 pid
  for pid in "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
machine_busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
load_average() { cut -d' ' -f1 /proc/loadavg; }
pid_with_cmdline() { # the first process whose command line contains $1
  for proc in /proc/[0-9]*; do
    if { tr '\0' ' ' <"$proc/cmdline"; } 2>/dev/null | grep -qF -- "$1"; then echo "${proc#/proc/}"; return 0; fi
  done
  return 1
}

await_ready() { # url timeout-seconds pid since-epoch-ms → prints the milliseconds since $4 when ready
  local url=$1 timeout=$2 pid=$3 since=$4 deadline=$(( $(date +%s) + $2 ))
  while (( $(date +%s) < deadline )); do
    kill -0 "$pid" 2>/dev/null || { log "process $pid exited before it was ready" >&2; return 1; }
    if [[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" || true) == 200 ]]; then
      echo $(( $(date +%s%3N) - since )); return 0
    fi
    sleep 0.05
  done
  log "$url not ready within $timeout s" >&2; return 1
}

# The machine, the load on it and the commit measured, into machine.properties.
record_machine() {
  {
    echo "nproc=$(nproc)"
    echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "jdk=$(java -version 2>&1 | head -n 2 | tail -n 1)"
    echo "loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo +dirty)"
    echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  } >"$RUN_DIR/machine.properties"
  log "machine: $(tr '\n' ';' <"$RUN_DIR/machine.properties")"
}
record_machine_after() { echo "loadavg_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN_DIR/machine.properties"; }

# Builds what is missing or older than its sources: the gateway, the bare route, the load client.
build_what_is_stale() {
  newer_sources() { [[ ! -f $1 ]] || [[ -n $(find "${@:2}" -newer "$1" -type f -print -quit 2>/dev/null) ]]; }
  if newer_sources "$GATEWAY_JAR" "$ROOT/src/main" "$ROOT/pom.xml"; then
    log "packaging the gateway (mvn package -DskipTests)"
    (cd "$ROOT" && mvn -B -q package -DskipTests)
  fi
  if newer_sources "$BARE_JAR" "$BENCH/bare-route/src" "$BENCH/bare-route/pom.xml"; then
    log "packaging the bare route"
    mvn -B -q -f "$BENCH/bare-route/pom.xml" package -DskipTests
  fi
  if newer_sources "$BENCH/loadgen/target/classpath.txt" "$BENCH/loadgen/src" "$BENCH/loadgen/pom.xml"; then
    log "compiling the load client"
    mvn -B -q -f "$BENCH/loadgen/pom.xml" compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
    touch "$BENCH/loadgen/target/classpath.txt" # the plugin leaves an unchanged file as it was: it is the build's stamp
  fi
}

# start_gateway name http-port operator-port data-dir [setting…] → sets GW_PID, GW_READY_MS. The packaged gateway
# from the repository root (config/ and routes/ apply), log in $RUN_DIR/<name>.log. Each setting is a JVM option
# (-D…, -XX:…) or an environment variable (NAME=value); without KAFKA_BOOTSTRAP_SERVERS it runs its embedded broker
# (port: -Dswitchboard.kafka.embedded.port), without SWITCHBOARD_DB_URL its embedded PostgreSQL.
start_gateway() {
  local name=$1 port=$2 operator_port=$3 data=$4 launched setting
  # a start timeout for the embedded broker that a machine shared with other builds can meet (default 60 s)
  local jvm=("${JAVA_OPTS[@]}" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -Dswitchboard.data-dir="$data"
    -Dswitchboard.kafka.embedded.start-timeout=PT3M)
  local environment=(SWITCHBOARD_CHAT_SECRET="$SECRET" SWITCHBOARD_OPERATOR_PORT="$operator_port")
  for setting in "${@:5}"; do
    if [[ $setting == -* ]]; then jvm+=("$setting"); else environment+=("$setting"); fi
  done
  launched=$(date +%s%3N)
  (cd "$ROOT" && exec env -u KAFKA_BOOTSTRAP_SERVERS "${environment[@]}" java "${jvm[@]}" -jar "$GATEWAY_JAR") \
    >>"$RUN_DIR/$name.log" 2>&1 &
  GW_PID=$!
  track "$GW_PID"
  # 10 min: under a load average of 30 a start was seen to take over 3 min
  GW_READY_MS=$(await_ready "http://127.0.0.1:$port/q/health/ready" 600 "$GW_PID" "$launched")
}

# start_bare_route http-port bootstrap topic → sets BARE_PID once it answered 202 (the probe is one record on the topic)
start_bare_route() {
  local port=$1 code
  loadgen create-topic --bootstrap "$2" --topic "$3" --partitions 6
  (exec java "${JAVA_OPTS[@]}" -Dquarkus.http.port="$port" -Dcamel.component.kafka.brokers="$2" \
    -Dbare.topic="$3" -jar "$BARE_JAR") >"$RUN_DIR/bare.log" 2>&1 &
  BARE_PID=$!
  track "$BARE_PID"
  for _ in $(seq 1 600); do
    code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' -X POST -H 'X-Message-Id: probe' -d '{}' "http://127.0.0.1:$port/ingest" || true)
    [[ $code == 202 ]] && return 0
    kill -0 "$BARE_PID" || { log "bare route exited; see $RUN_DIR/bare.log"; return 1; }
    sleep 0.1
  done
  log "bare route never answered 202"; return 1
}

# An operator API key of the supervisor role (replies and /q/metrics): sets OPERATOR_KEY and OPERATOR_KEY_SETTINGS
# (the environment a gateway needs to accept it, by hash, as bin/new-api-key prints it).
make_operator_key() {
  OPERATOR_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '=+/\n' | head -c 40)
  OPERATOR_KEY_SETTINGS=(SWITCHBOARD_SECURITY_KEYS_BENCH_ROLE=supervisor
    "SWITCHBOARD_SECURITY_KEYS_BENCH_HASH=sha256:$(printf '%s' "$OPERATOR_KEY" | sha256sum | cut -d' ' -f1)")
}

# closed_measure out app-pid postgres-pid broker-pid loadgen-closed-arguments… : one closed-loop measurement with
# the load average at its start and the CPU the machine and each process used during warm-up + window, in cores
# (BENCH_WARMUP + BENCH_DURATION seconds, i.e. WARMUP and DURATION).
closed_measure() {
  local out=$1 cpu0 cpu1 load0 hz span
  cpu0=("$(machine_busy_ticks)" "$(cpu_ticks "$2")" "$(cpu_ticks "$3")" "$(cpu_ticks "$4")")
  load0=$(load_average)
  loadgen closed --warmup "$WARMUP" --duration "$DURATION" --secret "$SECRET" --out "$out" "${@:5}"
  cpu1=("$(machine_busy_ticks)" "$(cpu_ticks "$2")" "$(cpu_ticks "$3")" "$(cpu_ticks "$4")")
  hz=$(getconf CLK_TCK) span=$(( WARMUP + DURATION ))
  cores() { awk -v t="$1" -v hz="$hz" -v s="$span" 'BEGIN {printf "%.2f", t / hz / s}'; }
  {
    echo "loadavg_at_start=$load0"
    echo "span_s=$span"
    echo "cores_machine=$(cores $(( cpu1[0] - cpu0[0] )))"
    echo "cores_app=$(cores $(( cpu1[1] - cpu0[1] )))"
    echo "cores_postgres=$(cores $(( cpu1[2] - cpu0[2] )))"
    echo "cores_broker=$(cores $(( cpu1[3] - cpu0[3] )))"
  } >>"$out"
}
