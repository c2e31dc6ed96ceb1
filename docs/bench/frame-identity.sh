#!/usr/bin/env bash
# Proves that the frames handed to the H.264 encoder are bit-identical between the single-threaded renderer of
# commit 4092530 (the "old path") and this build (the "new path"), for three workloads: the AssemblyBenchmark work,
# the offline demo's timeline and a timeline with every kind of frame (Ken Burns moves of each kind, fades,
# crossfades between moves and into a video clip, clips held and cut, subtitles with speakers). Every raw yuv420p
# frame is hashed (SHA-256) just before encoding; the lists must be equal line for line.
# Usage (from the repository root, after `mvn -o -q -B package -DskipTests`):
#   docs/bench/frame-identity.sh [WORK]        (WORK defaults to /tmp/novelkit-frame-identity)
set -eu
repo=$(pwd)
w=${1:-/tmp/novelkit-frame-identity}
new="$repo/novel-examples/target/novelkit.jar"
mkdir -p "$w"

# the old path: commit 4092530 with a tap that hashes each frame where it is handed to the encoder
if [ ! -f "$w/old.jar" ]; then
  rm -rf "$w/old-src" && mkdir -p "$w/old-src"
  git archive 4092530 | tar -x -C "$w/old-src"
  (cd "$w/old-src" && patch -s -p1 < "$repo/docs/bench/old-path-frame-hashes.patch" && mvn -o -q -B package -DskipTests)
  cp "$w/old-src/novel-examples/target/novelkit.jar" "$w/old.jar"
fi
old="$w/old.jar"

# 1. the benchmark's work (inputs from the ffmpeg baseline script)
bash /work/shared/bench/ffmpeg_assembly_baseline.sh "$w/asm" > /dev/null
rm -f "$w/asm-old.hashes"
java -Dnovelkit.frameHashes="$w/asm-old.hashes" -cp "$old" dev.novelkit.examples.bench.AssemblyBenchmark "$w/asm" > /dev/null
java -cp "$new" dev.novelkit.examples.bench.AssemblyBenchmark --frame-hashes "$w/asm-new.hashes" "$w/asm" > /dev/null

# 2. the offline demo's timeline (made by the new build; its timeline.json equals the old one's byte for byte)
[ -f "$w/demo/timeline.json" ] || java -jar "$new" demo --out "$w/demo" > /dev/null 2>&1
rm -f "$w/demo-old.hashes"
java -Dnovelkit.frameHashes="$w/demo-old.hashes" -jar "$old" assemble --timeline "$w/demo/timeline.json" \
  --out "$w/demo-old.mp4" > /dev/null 2>&1
java -cp "$new" dev.novelkit.examples.bench.AssemblyBenchmark --timeline "$w/demo/timeline.json" \
  --frame-hashes "$w/demo-new.hashes" --out "$w/demo-new.mp4" > /dev/null

# 3. every kind of frame
r="$w/rich"; mkdir -p "$r"
for i in 1 2 3 4 5 6 7 8; do
  [ -f "$r/p$i.png" ] || ffmpeg -v error -y -f lavfi -i "gradients=s=1200x900:seed=$i:n=4,format=rgb24" -frames:v 1 "$r/p$i.png"
done
[ -f "$r/clip1.mp4" ] || ffmpeg -v error -y -f lavfi -i "testsrc2=s=320x240:r=24:d=2.3" -f lavfi \
  -i "sine=frequency=440:duration=2.3" -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest "$r/clip1.mp4"
[ -f "$r/clip2.mp4" ] || ffmpeg -v error -y -f lavfi -i "testsrc=s=640x360:r=30:d=1.2" -c:v libx264 -pix_fmt yuv420p "$r/clip2.mp4"
[ -f "$r/v1.wav" ] || espeak-ng -v cmn -w "$r/v1.wav" "你来了"
[ -f "$r/v2.wav" ] || espeak-ng -v cmn -w "$r/v2.wav" "天快亮了"
cat > "$r/timeline.json" <<'JSON'
{
  "format": {"width": 360, "height": 640, "fps": 25},
  "shots": [
    {"image": "p1.png", "seconds": 1.7, "kenBurns": {"move": "zoom-in", "zoom": 1.2, "easing": "ease-in-out"}, "transition": {"type": "fade", "seconds": 0.6}},
    {"image": "p2.png", "seconds": 1.3, "kenBurns": {"move": "pan-left", "zoom": 1.15, "easing": "linear"}, "transition": {"type": "crossfade", "seconds": 0.5}},
    {"video": "clip1.mp4", "seconds": 3.1, "transition": {"type": "crossfade", "seconds": 0.4}, "volume": 0.5},
    {"image": "p3.png", "seconds": 1.1, "kenBurns": "tilt-up", "transition": "fade"},
    {"image": "p4.png", "seconds": 0.9},
    {"image": "p5.png", "seconds": 1.4, "kenBurns": {"move": "zoom-out", "zoom": 1.3}, "transition": {"type": "crossfade", "seconds": 0.3}},
    {"video": "clip2.mp4", "seconds": 1.0, "transition": {"type": "fade", "seconds": 0.4}},
    {"image": "p6.png", "seconds": 1.2, "kenBurns": {"move": "pan-right", "zoom": 1.1}, "transition": {"type": "crossfade", "seconds": 0.6}},
    {"image": "p7.png", "seconds": 1.0, "kenBurns": "tilt-down"},
    {"image": "p8.png", "seconds": 0.8, "kenBurns": "static", "transition": {"type": "fade", "seconds": 0.8}}
  ],
  "voices": [
    {"file": "v1.wav", "start": 0.3, "text": "你来了，他低声说。", "speaker": "林"},
    {"file": "v2.wav", "start": 4.0, "text": "天快亮了，船慢慢靠岸，他们一起走进了雾里，远处传来船桨的声音。"}
  ],
  "subtitles": {"fromVoices": true, "cues": [
    {"start": 2.0, "end": 3.5, "text": "雨下了一夜，渡口的灯还亮着。"},
    {"start": 7.2, "end": 9.9, "text": "Rain all night; the ferry's lamp still burns.", "speaker": "旁白"}
  ], "style": {"showSpeaker": true}}
}
JSON
rm -f "$w/rich-old.hashes"
java -Dnovelkit.frameHashes="$w/rich-old.hashes" -jar "$old" assemble --timeline "$r/timeline.json" --out "$w/rich-old.mp4" > /dev/null 2>&1
for t in 1 2 4; do
  java -cp "$new" dev.novelkit.examples.bench.AssemblyBenchmark --timeline "$r/timeline.json" --render-threads $t \
    --frame-hashes "$w/rich-new-$t.hashes" --out "$w/rich-new-$t.mp4" > /dev/null
done

status=0
check() { # name old new
  if cmp -s "$2" "$3"; then echo "$1: $(wc -l < "$2") frames, identical";
  else echo "$1: DIFFERENT ($(wc -l < "$2") old, $(wc -l < "$3") new frames)"; status=1; fi
}
check "benchmark work" "$w/asm-old.hashes" "$w/asm-new.hashes"
check "offline demo" "$w/demo-old.hashes" "$w/demo-new.hashes"
for t in 1 2 4; do check "every kind of frame, $t render threads" "$w/rich-old.hashes" "$w/rich-new-$t.hashes"; done
exit $status
