#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar and runs both benchmarks, one after the other (never together:
# they would measure each other). Usage, from anywhere:  benchmarks/run.sh [overhead|http|all]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
what="${1:-all}"

# The reactor build also rebuilds the component; building the module alone uses the component in ~/.m2.
if ! (cd "$here/.." && mvn -q -B -pl benchmarks -am package -DskipTests); then
  echo "Reactor build failed; building the benchmarks module alone against the installed component." >&2
  (cd "$here" && mvn -q -B package -DskipTests)
fi

jar="$here/target/benchmarks.jar"
if [[ "$what" == overhead || "$what" == all ]]; then
  java -jar "$jar" StableFunctionOverhead -prof gc -f 1 -wi 3 -i 5
fi
if [[ "$what" == http || "$what" == all ]]; then
  java -cp "$jar" io.camelstable.benchmarks.HttpThroughput
fi
