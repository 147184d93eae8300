#!/usr/bin/env bash
# Compose speed for a 4-person 720p meeting: four 1280x720 30 fps VP8 cameras with motion
# (ffmpeg test patterns at ~1.5 Mbit/s, as a browser sends) and four Opus voices, BENCH_SECONDS
# long (60), one camera muted for 10 s in the middle (so the layout has segments). Prints the
# speed as a multiple of real time and how many cores ffmpeg kept busy.
#   bench/compose_bench.sh            (after: ninja -C build compose_bench)
# Knobs: BENCH_SECONDS (60), BENCH_ROUNDS (2), BENCH_BIN (build/compose_bench),
#        BENCH_MEDIA_DIR (a temp dir; set it to keep the generated tracks between runs).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-60}
rounds=${BENCH_ROUNDS:-2}
bin=${BENCH_BIN:-build/compose_bench}
[ -x "$bin" ] || { echo "build it first: ninja -C build compose_bench" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
media=${BENCH_MEDIA_DIR:-$tmp/media}
mkdir -p "$media"

patterns=("testsrc2=size=1280x720:rate=30" "testsrc=size=1280x720:rate=30"
  "smptehdbars=size=1280x720:rate=30" "rgbtestsrc=size=1280x720:rate=30")
tones=(440 660 880 1100)
for i in 0 1 2 3; do
  v="$media/p${i}_v_${secs}.mkv"
  a="$media/p${i}_a_${secs}.mkv"
  if [ ! -s "$v" ]; then
    # A moving box on every pattern, so each frame differs like a camera's.
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "${patterns[$i]}:d=$secs" \
      -vf "format=yuv420p,drawbox=x='mod(t*200,1180)':y='mod(t*90,620)':w=100:h=100:color=white:t=fill" \
      -c:v libvpx -deadline realtime -cpu-used 16 -threads 1 -b:v 1500k -g 3000 "$v"
  fi
  if [ ! -s "$a" ]; then
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "sine=frequency=${tones[$i]}:d=$secs" \
      -c:a libopus -b:a 32k "$a"
  fi
done

start=1700000000000
folder="$tmp/capture"
mkdir -p "$folder/tracks"
{
  echo "{\"type\":\"recording\",\"recording_id\":\"bench\",\"room\":\"bench\",\"meeting_id\":null,\"started_at_ms\":$start}"
  for i in 0 1 2 3; do
    ln -sf "$media/p${i}_v_${secs}.mkv" "$folder/tracks/p${i}_v.mkv"
    ln -sf "$media/p${i}_a_${secs}.mkv" "$folder/tracks/p${i}_a.mkv"
    echo "{\"type\":\"participant\",\"participant_id\":\"p$i\",\"name\":\"Person $i\",\"event\":\"joined\",\"at_ms\":$start}"
    for k in v a; do
      if [ $k = v ]; then kind=video; src=camera; codec=vp8; clock=90000;
      else kind=audio; src=microphone; codec=opus; clock=48000; fi
      echo "{\"type\":\"track\",\"track_id\":\"p${i}_$k\",\"participant_id\":\"p$i\",\"identity\":\"p$i\",\"name\":\"Person $i\",\"kind\":\"$kind\",\"source\":\"$src\",\"codec\":\"$codec\",\"clock_rate\":$clock,\"file\":\"tracks/p${i}_$k.mkv\",\"first_rtp_ts\":1000,\"first_frame_wall_ms\":$((start + 40))}"
      for ((s = 0; s <= secs; s += 5)); do
        echo "{\"type\":\"sr\",\"track_id\":\"p${i}_$k\",\"ntp_ms\":$((start + s * 1000)),\"rtp_ts\":$((1000 + s * clock))}"
      done
    done
  done
  mid=$((secs / 2))
  echo "{\"type\":\"mute\",\"track_id\":\"p1_v\",\"muted\":true,\"at_ms\":$((start + (mid - 5) * 1000))}"
  echo "{\"type\":\"mute\",\"track_id\":\"p1_v\",\"muted\":false,\"at_ms\":$((start + (mid + 5) * 1000))}"
  echo "{\"type\":\"stopped\",\"at_ms\":$((start + secs * 1000))}"
} >"$folder/manifest.jsonl"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
  rm -f "$folder/recording.mp4"
  echo "round $r: $("$bin" "$folder" 1280 720 30)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
ffprobe -v error -show_entries stream=codec_name,width,height,duration -of csv=p=0 "$folder/recording.mp4"
