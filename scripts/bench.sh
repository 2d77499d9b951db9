#!/usr/bin/env bash
# bench.sh: the whole pipeline, `jixiao extract -q -o /dev/null`, beside the
# tools a reader of the same files would otherwise use, each pair timed in
# one run on the same machine, and the ratio of their speeds:
#
#   a long report   fixtures/pdf/report_100_pages.pdf   vs mutool draw -F txt
#   small PDFs      N copies of the one-page PDF fixtures vs pdftotext -layout,
#                   one process a file, as a script over a folder runs it
#   workbooks       N copies of a one-form workbook       vs a python3 loop of
#                   openpyxl read-only iteration over every cell
#
# A ratio over 1 means jixiao is the faster. A tool that is not installed
# is a line saying so (Debian: mupdf-tools, poppler-utils, python3-openpyxl);
# hyperfine, when installed, does the timing, else a plain loop takes the
# best of RUNS. The machine is shared: read the ratios, not the times.
#
#   scripts/bench.sh            # N=100 copies, RUNS=10
#   N=200 RUNS=5 scripts/bench.sh
#   JIXIAO=/tmp/old/jixiao scripts/bench.sh   # a jixiao built elsewhere, to compare
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100}
RUNS=${RUNS:-10}
export PATH="/usr/local/go/bin:$PATH"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
jx=${JIXIAO:-}
if [[ -z $jx ]]; then
	go build -o "$tmp/jixiao" ./cmd/jixiao
	jx="$tmp/jixiao"
fi

# seconds CMD: the time CMD takes, in seconds, and the CPU time it takes
# (user and system, "-" when unknown): hyperfine's means, or the best of
# RUNS of a plain loop.
seconds() {
	if command -v hyperfine >/dev/null; then
		hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$tmp/h.json" --style none "$1" >/dev/null 2>&1
		awk -F'[:,]' '/"mean"/ && !m { m = $2 } /"user"/ && !u { u = $2 } /"system"/ && !s { s = $2 }
			END { printf "%s %.6f\n", m + 0, u + s }' "$tmp/h.json"
		return
	fi
	local best="" t0 t1 s
	for _ in $(seq "$RUNS"); do
		t0=$(date +%s%N)
		bash -c "$1" >/dev/null 2>&1
		t1=$(date +%s%N)
		s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (b - a) / 1e9 }')
		if [[ -z $best ]] || awk -v s="$s" -v b="$best" 'BEGIN { exit !(s < b) }'; then
			best=$s
		fi
	done
	echo "$best -"
}

# compare WHAT COUNT UNIT JIXIAO_CMD OTHER_NAME OTHER_CMD: time both over
# the same COUNT UNITs (pages, files), one after the other, and print both
# rates and the ratio of jixiao's to the other's, by the clock and (with
# hyperfine) by the CPU time each took.
compare() {
	local what=$1 count=$2 unit=$3 mine=$4 name=$5 theirs=$6
	local a b
	a=$(seconds "$mine")
	b=$(seconds "$theirs")
	awk -v what="$what" -v n="$count" -v u="$unit" -v a="$a" -v b="$b" -v name="$name" 'BEGIN {
		split(a, x, " "); split(b, y, " ")
		cpu = (x[2] == "-" || x[2] <= 0) ? "" : sprintf(" (by CPU time %.2f)", y[2] / x[2])
		printf "%-24s jixiao %7.1f %s/s   %-18s %7.1f %s/s   ratio %5.2f%s\n", what, n / x[1], u, name, n / y[1], u, y[1] / x[1], cpu
	}'
}

echo "jixiao ${JIXIAO:-$(git rev-parse --short HEAD 2>/dev/null || echo '?')}, $(nproc) CPUs, N=$N, RUNS=$RUNS, timing by $(command -v hyperfine >/dev/null && echo hyperfine || echo 'a loop (best of RUNS)')"

# A long report.
report=fixtures/pdf/report_100_pages.pdf
if command -v mutool >/dev/null; then
	compare "report_100_pages.pdf" 100 pages "$jx extract -q -o /dev/null $report" "mutool draw -F txt" "mutool draw -F txt -o /dev/null $report"
else
	echo "report_100_pages.pdf: skipped, no mutool (Debian: mupdf-tools)"
fi

# Small PDFs: N copies of the one-page fixtures, in turn.
ones=(t1_libreoffice t1_chromium t2_libreoffice t2_borderless t2_aes256_owner_only t3_libreoffice t3_chromium
	t3_stsong_reportlab t4_libreoffice t4_form_xobject t5_libreoffice t5_watermark money_in_yuan_libreoffice
	tpl_c_hunan tpl_f_guangxi tpl_g_guangdong tpl_h_hubei)
mkdir "$tmp/pdfs"
for i in $(seq 0 $((N - 1))); do
	cp "fixtures/pdf/${ones[i % ${#ones[@]}]}.pdf" "$tmp/pdfs/$(printf %04d "$i").pdf"
done
if command -v pdftotext >/dev/null; then
	compare "$N one-page PDFs" "$N" pages "$jx extract -q -o /dev/null $tmp/pdfs" "pdftotext -layout" \
		"bash -c 'for f in $tmp/pdfs/*.pdf; do pdftotext -layout \$f /dev/null; done'"
else
	echo "$N one-page PDFs: skipped, no pdftotext (Debian: poppler-utils)"
fi

# Workbooks: N copies of a one-form workbook.
mkdir "$tmp/xlsx"
for i in $(seq 0 $((N - 1))); do
	cp fixtures/xlsx/t1_side_by_side.xlsx "$tmp/xlsx/$(printf %04d "$i").xlsx"
done
py=""
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import openpyxl' 2>/dev/null; then
		py=$(command -v "$p")
		break
	fi
done
if [[ -n $py ]]; then
	cat >"$tmp/openpyxl_read.py" <<'EOF'
import glob, sys
from openpyxl import load_workbook
for name in sorted(glob.glob(sys.argv[1] + "/*.xlsx")):
    wb = load_workbook(name, read_only=True, data_only=True)
    for ws in wb.worksheets:
        # Read-only mode trusts the sheet's <dimension>; the fixtures say A1,
        # which would make it iterate one cell. Every cell is what jixiao reads.
        ws.reset_dimensions()
        for row in ws.iter_rows(values_only=True):
            for v in row:
                pass
    wb.close()
EOF
	compare "$N one-form workbooks" "$N" files "$jx extract -q -o /dev/null $tmp/xlsx" "openpyxl read-only" "$py $tmp/openpyxl_read.py $tmp/xlsx"
else
	echo "$N one-form workbooks: skipped, no python3 with openpyxl (Debian: python3-openpyxl)"
fi
