#!/usr/bin/env bash
# The offline demo's video step (its timeline.json: 12 Ken Burns stills, crossfades, subtitles from voices, music)
# assembled by two builds, interleaved. Usage: docs/bench/demo-assembly-interleaved.sh ROUNDS TIMELINE NEW_JAR OLD_JAR
# Make the timeline first: java -jar NEW_JAR demo --out /tmp/nk-demo   (then TIMELINE=/tmp/nk-demo/timeline.json)
set -eu
rounds=${1:-3}; timeline=${2:?timeline.json}; new=${3:?new jar}; old=${4:?old jar}
out=$(mktemp -d)
run() { # jar -> "assembly-seconds process-seconds"
  local t0 t1 line; t0=$(date +%s.%N)
  line=$(java -jar "$1" assemble --timeline "$timeline" --out "$out/video.mp4" 2>/dev/null | grep '^assembled')
  t1=$(date +%s.%N)
  echo "$(sed -n 's/.* \([0-9.]*\) s wall.*/\1/p' <<< "$line") $(python3 -c "print(round($t1-$t0,1))")"
}
printf "%-5s %-6s %-16s %-16s\n" round load "new (asm proc)" "old (asm proc)"
rows=()
for r in $(seq 1 "$rounds"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [ $((r % 2)) -eq 1 ]; then n=$(run "$new"); o=$(run "$old"); else o=$(run "$old"); n=$(run "$new"); fi
  printf "%-5s %-6s %-16s %-16s\n" "$r" "$load" "$n" "$o"
  rows+=("$n $o")
done
rm -rf "$out"
printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics as st
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
m = lambda i: st.median(r[i] for r in rows)
print(f"median new: assembly {m(0):.1f} s, process {m(1):.1f} s; old: assembly {m(2):.1f} s, process {m(3):.1f} s;"
      f" new/old {st.median(r[0] / r[2] for r in rows):.2f} (assembly)")
'
