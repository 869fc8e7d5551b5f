#!/usr/bin/env bash
# What WeChat replay protection and log masking add per request (not a test): the replay guard's
# claim + stored per push with a full cache, and PiiMasking per log line and per exception; prints
# ns/op. The end-to-end effect on WeChat intake is bench/channels/run wechat (gateway ÷ bare route).
# usage: bench/hardening/run.sh [seconds per measurement]   (after mvn -B test-compile)
# Bounded: four measurements of a few seconds each, in one JVM; starts no broker or database.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
java -Xmx512m -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
    io.switchboard.ops.bench.HardeningCostBench "${1:-3}"
