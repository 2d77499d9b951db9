#!/usr/bin/env bash
# memory: the peak RSS and the throughput of "jixiao extract" on large text
# dumps (issue 14): the seed's forms repeated to one dump of about 200 MB,
# and to eight dumps of about 10 MB read at -j 8, each measured with
# /usr/bin/time -v. The goals: the 200 MB dump in under 300 MB of RSS, the
# eight dumps in under 500 MB, at least 2,000 forms a second.
#
#   scripts/memory.sh [OLD_BINARY]
#
# With OLD_BINARY (a jixiao built from an earlier commit), a 20 MB dump and
# the eight dumps are read by it too, its figures printed beside, and the
# outputs compared with cmp; OLD_200=1 also reads the 200 MB dump with it
# (the whole-file reader took about 60 times a dump's size in memory).
# Heavy: run it on a machine with nothing else to do, once.
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-memory.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/jixiao" ./cmd/jixiao
seed=fixtures/txt/000_2f785805f3cd3769.txt

# repeat FILE N OUT: FILE N times over, by doubling.
repeat() {
	local block="$work/block" n=$2
	cp "$1" "$block"
	: >"$3"
	while ((n > 0)); do
		if ((n & 1)); then cat "$block" >>"$3"; fi
		n=$((n >> 1))
		if ((n > 0)); then cat "$block" "$block" >"$block.2" && mv "$block.2" "$block"; fi
	done
	rm -f "$block"
}

# measure LABEL BINARY OUT ARGS...: runs BINARY extract -q -o OUT ARGS and
# prints its peak RSS, wall and CPU time (user and system), and forms per
# second of wall time.
measure() {
	local label=$1 bin=$2 out=$3
	shift 3
	# A dump of 200 MB takes longer than the default limit of a minute on
	# a busy machine.
	if ! /usr/bin/time -v "$bin" extract -q --file-timeout 30m -o "$out" "$@" 2>"$work/time"; then
		echo "$label: failed:" >&2
		grep -v '^\s' "$work/time" >&2
	fi
	local rss wall user sys forms
	rss=$(awk -F: '/Maximum resident set size/ {print $2+0}' "$work/time")
	wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$work/time")
	user=$(awk -F: '/User time/ {print $2+0}' "$work/time")
	sys=$(awk -F: '/System time/ {print $2+0}' "$work/time")
	forms=$(wc -l <"$out")
	awk -v l="$label" -v r="$rss" -v w="$wall" -v u="$user" -v s="$sys" -v f="$forms" 'BEGIN {
		n = split(w, p, ":"); secs = 0; for (i = 1; i <= n; i++) secs = secs * 60 + p[i]
		printf "%-34s peak RSS %7.1f MB  wall %7.2f s  cpu %7.2f s  %6d forms  %6.0f forms/s\n", l, r / 1024, secs, u + s, f, f / secs
	}'
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
repeat "$seed" 4015 "$work/d20.txt"
repeat "$seed" 40150 "$work/d200.txt"
mkdir -p "$work/eight"
repeat "$seed" 2008 "$work/d10.txt"
for i in 1 2 3 4 5 6 7 8; do
	# Each differs, as real dumps do (the same bytes twice are one file's).
	{ cat "$work/d10.txt"; echo "$i"; } >"$work/eight/d$i.txt"
done
rm "$work/d10.txt"
printf 'sizes: %s\n' "$(du -h "$work/d20.txt" "$work/d200.txt" "$work/eight" | awk '{printf "%s %s, ", $2, $1}' | sed "s|$work/||g")"

measure "20 MB dump" "$work/jixiao" "$work/new20.jsonl" "$work/d20.txt"
measure "200 MB dump" "$work/jixiao" "$work/new200.jsonl" "$work/d200.txt"
measure "eight 10 MB dumps, -j 8" "$work/jixiao" "$work/new8.jsonl" -j 8 "$work/eight"
if [[ -n $old ]]; then
	measure "old: 20 MB dump" "$old" "$work/old20.jsonl" "$work/d20.txt"
	cmp "$work/old20.jsonl" "$work/new20.jsonl" && echo "20 MB dump: the same output"
	rm -f "$work/old20.jsonl"
	measure "old: eight 10 MB dumps, -j 8" "$old" "$work/old8.jsonl" -j 8 "$work/eight"
	cmp "$work/old8.jsonl" "$work/new8.jsonl" && echo "eight dumps: the same output"
	rm -f "$work/old8.jsonl"
	if [[ ${OLD_200:-} == 1 ]]; then
		measure "old: 200 MB dump" "$old" "$work/old200.jsonl" "$work/d200.txt"
		cmp "$work/old200.jsonl" "$work/new200.jsonl" && echo "200 MB dump: the same output"
	fi
fi
