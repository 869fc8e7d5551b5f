#!/usr/bin/env bash
# Escalation lateness bench (not a test): 10,000 open conversations, first-response deadlines spread over
# 60 s: one loop instance, two, and two with one stopped halfway; prints p50/p99/max of deadline -> sla-breach event.
# usage: bench/escalation/run.sh [conversations] [spreadSeconds] [leadSeconds]   (after mvn -B test-compile)
# Bounded: each run stops by itself (at the latest 120 s after the last deadline) and stops its broker and database.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
n="${1:-10000}"; spread="${2:-60}"; lead="${3:-90}"
mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/bench.cp)"
mkdir -p bench/results
out="bench/results/escalation-$(date +%Y%m%d-%H%M%S).txt"
for run in "1" "2" "2 stop-one"; do
  set -- $run
  echo "== $1 instance(s) ${2:-}"
  java -Xmx768m -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
      -Dswitchboard.kafka.embedded.lib-dir=target/kafka-broker/lib -cp "$cp" \
      io.switchboard.agent.bench.EscalationBench "$n" "$spread" "$1" "$lead" ${2:-} 2>&1 \
      | grep --line-buffered -v -E '^WARNING|INFO|WARN ' || true
done | tee "$out"
