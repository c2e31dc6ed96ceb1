#!/usr/bin/env bash
# AssemblyBenchmark against ffmpeg_assembly_baseline.sh, interleaved in the same minutes (see docs/bench/media.md).
# Usage: docs/bench/assembly-interleaved.sh ROUNDS NEW_JAR [OLD_JAR]
#   WORK (default /tmp/novelkit-asm-baseline) holds the inputs the baseline script makes.
# Each round runs the ffmpeg baseline, the new jar and (if given) the old jar, in an order that rotates from round
# to round, and prints the 1-minute load average before the round. NovelKit is timed twice: the assembly as the
# program prints it, and the whole process (JVM start included) measured from outside.
set -eu
rounds=${1:-5}; new=${2:?new jar}; old=${3:-}
w=${WORK:-/tmp/novelkit-asm-baseline}
base=${BASELINE:-/work/shared/bench/ffmpeg_assembly_baseline.sh}
bash "$base" "$w" > /dev/null
now() { date +%s.%N; }
ffmpeg_run() { bash "$base" "$w" | sed -n 's/^ffmpeg baseline: \([0-9.]*\) s wall.*/\1/p'; }
novelkit_run() { # jar -> "printed process user"
  local t0 t1 line; t0=$(now)
  line=$(java -cp "$1" dev.novelkit.examples.bench.AssemblyBenchmark "$w")
  t1=$(now)
  local user; user=$(sed -n 's/.* s wall, \([0-9.]*\) s user.*/\1/p' <<< "$line")
  echo "$(sed -n 's/^novelkit assembly: \([0-9.]*\) s wall.*/\1/p' <<< "$line") $(python3 -c "print(round($t1-$t0,1))") ${user:--}"
}
printf "%-5s %-6s %-8s %-24s %-24s\n" round load ffmpeg "new (asm proc user)" "old (asm proc user)"
rows=()
for r in $(seq 1 "$rounds"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  ff=""; nk=""; ok="- - -"
  case $((r % 3)) in
    1) ff=$(ffmpeg_run); nk=$(novelkit_run "$new"); [ -n "$old" ] && ok=$(novelkit_run "$old") ;;
    2) nk=$(novelkit_run "$new"); [ -n "$old" ] && ok=$(novelkit_run "$old"); ff=$(ffmpeg_run) ;;
    0) [ -n "$old" ] && ok=$(novelkit_run "$old"); ff=$(ffmpeg_run); nk=$(novelkit_run "$new") ;;
  esac
  printf "%-5s %-6s %-8s %-24s %-24s\n" "$r" "$load" "$ff" "$nk" "$ok"
  rows+=("$ff $nk $ok")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics as st
rows = [l.split() for l in sys.stdin if l.strip()]
def med(i):
    v = [float(r[i]) for r in rows if len(r) > i and r[i] != "-"]
    return st.median(v) if v else None
def ratio(i):
    v = [float(r[i]) / float(r[0]) for r in rows if len(r) > i and r[i] != "-"]
    return st.median(v) if v else None
ff = med(0)
print(f"median ffmpeg {ff:.1f} s")
for name, i in (("new", 1), ("old", 4)):
    if med(i) is not None:
        user = med(i + 2)
        print(f"median {name}: assembly {med(i):.1f} s ({ratio(i):.2f}x ffmpeg), process {med(i+1):.1f} s"
              f" ({ratio(i+1):.2f}x)" + (f", user {user:.1f} s" if user is not None else ""))
'
