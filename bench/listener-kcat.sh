#!/usr/bin/env bash
# kcat (librdkafka, in C) against the embedded broker's Kafka listener over loopback: produce RECORDS records of
# VALUE_BYTES-byte values with 8-byte keys to a 6-partition topic (kcat -P -l FILE, acks=1, linger.ms=5, large batches),
# then consume them from the beginning to /dev/null. Prints, per run and as medians of RUNS runs: records/s and the
# broker process's CPU seconds per million records (from /proc/PID/stat), for produce and for consume.
#   bench/listener-kcat.sh            # RECORDS=5000000 RUNS=3 VALUE_BYTES=100
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${RECORDS:-5000000}
RUNS=${RUNS:-3}
VALUE_BYTES=${VALUE_BYTES:-100}
command -v kcat >/dev/null || { echo "kcat is not installed (apt-get install kcat)" >&2; exit 2; }
dotnet build bench/Streaming.Perf -c Release -v quiet -nologo >/dev/null
work=$(mktemp -d)
trap 'exec 3>&- 2>/dev/null || true; rm -rf "$work"' EXIT
file="$work/records.txt"
python3 - "$file" "$RECORDS" "$VALUE_BYTES" <<'PY'
import sys
path, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, 'w') as f:
    pad = 'x' * (size - 10)
    for i in range(n):
        f.write('%08d:%010d%s\n' % (i % 100000000, i, pad))
PY
mkfifo "$work/in"
bench/Streaming.Perf/bin/Release/net10.0/Streaming.Perf serve --partitions 6 --data-dir "$work/data" < "$work/in" > "$work/serve.log" &
pid=$!
exec 3>"$work/in"   # the broker runs until this closes
for _ in $(seq 100); do grep -q '^listening on' "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
bootstrap=$(sed -n 's/^listening on //p' "$work/serve.log")
[ -n "$bootstrap" ] || { echo "the broker did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
now() { date +%s.%N; }
produce() { kcat -b "$bootstrap" -P -t "$1" -K: -l -X acks=1 -X linger.ms=5 -X batch.num.messages=10000 -X batch.size=1000000 \
                 -X queue.buffering.max.messages=2000000 -X partitioner=murmur2_random "$2"; }
consume() { kcat -b "$bootstrap" -C -t "$1" -o beginning -e -q > /dev/null; }
# Warm-up (JIT): a small run that is not counted.
head -n 200000 "$file" > "$work/warmup.txt"; produce warmup "$work/warmup.txt"; consume warmup
results=()
for run in $(seq "$RUNS"); do
  topic="bench-$run"
  c0=$(cpu); t0=$(now); produce "$topic" "$file"; t1=$(now); c1=$(cpu)
  consume "$topic"; t2=$(now); c2=$(cpu)
  line=$(awk -v n="$RECORDS" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v c0="$c0" -v c1="$c1" -v c2="$c2" -v k="$ticks" 'BEGIN {
    printf "%.0f %.3f %.0f %.3f", n/(t1-t0), (c1-c0)/k/(n/1e6), n/(t2-t1), (c2-c1)/k/(n/1e6) }')
  echo "run $run: produce $(cut -d' ' -f1 <<<"$line") records/s, $(cut -d' ' -f2 <<<"$line") broker CPU-s per million; consume $(cut -d' ' -f3 <<<"$line") records/s, $(cut -d' ' -f4 <<<"$line") broker CPU-s per million"
  results+=("$line")
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics, json
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
med = [statistics.median(c) for c in zip(*rows)]
print(json.dumps({"records": '"$RECORDS"', "valueBytes": '"$VALUE_BYTES"', "partitions": 6, "runs": len(rows),
  "produceRecordsPerSec": round(med[0]), "produceBrokerCpuSecondsPerMillion": round(med[1], 3),
  "consumeRecordsPerSec": round(med[2]), "consumeBrokerCpuSecondsPerMillion": round(med[3], 3)}))'
