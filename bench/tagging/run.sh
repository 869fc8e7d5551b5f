#!/usr/bin/env bash
# Tagging benchmarks (not tests): keyword pass with 50 vs 5,000 rules, and intent-classifier throughput.
# usage: bench/tagging/run.sh   (after mvn -B package -DskipTests or mvn -B test-compile)
# Prints per benchmark its ns/message or messages/s; results also go to bench/results/tagging-<date>.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
data="${SWITCHBOARD_SHARED_DATA:-../shared/data}"
[ -f "$data/banking77/test.csv" ] || data=/work/shared/data
deps="$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
cp="target/classes:target/test-classes:$deps"
mkdir -p bench/results data/models
out="bench/results/tagging-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "== keyword pass: 50 vs 5000 rules (one thread)"
  java -Xmx512m -cp "$cp" io.switchboard.tagging.bench.KeywordScanBench config/taxonomy.yaml \
      "$data/banking77/test.csv" config/intent-training.csv
  echo "== intent classifier, seed model (46 intents), messages of the seed CSV (one thread)"
  java -Xmx512m -cp "$cp" io.switchboard.tagging.classifier.ClassifierTrain \
      config/intent-training.csv data/models/intents.bin
  java -Xmx512m -cp "$cp" io.switchboard.tagging.classifier.ClassifierThroughput \
      data/models/intents.bin config/intent-training.csv --seconds 5
  echo "== intent classifier, Banking77 model (77 intents), Banking77 test messages (one thread)"
  java -Xmx1g -cp "$cp" io.switchboard.tagging.classifier.ClassifierThroughput \
      "$data/banking77/train.csv" "$data/banking77/test.csv" --seconds 5
} 2>&1 | grep -v '^WARNING' | tee "$out"
