#!/usr/bin/env bash
# GET /queues cost with a busy floor (not a test): 10,000 open conversations waiting in 10 queues with
# running SLA clocks and 200 agents, then the queue view read 2,000 times; prints p50/p99/max.
# usage: bench/queues/run.sh [conversations] [reads]   (after mvn -B test-compile)
# Bounded: one run of a few seconds; it stops its broker and database.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
java -Xmx512m -Dswitchboard.kafka.embedded.lib-dir=target/kafka-broker/lib \
    -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
    io.switchboard.routing.bench.QueuesViewBench "${1:-10000}" "${2:-2000}" 2>&1 | grep -v -E '^WARNING| INFO | WARN '
