package dev.novelkit.media.video.internal;

import dev.novelkit.media.video.SubtitleCue;
import dev.novelkit.media.video.SubtitleStyle;
import dev.novelkit.media.video.Subtitles;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The subtitle cues as they will be shown: explicit cues plus cues from voice clips (timed by each clip's exact
 * audio length), wrapped into lines, split into several cues when longer than the allowed number of lines (time
 * shared by length), kept from overlapping, trimmed to the video. Not public API.
 */
public final class SubtitlePlan {
    /** A cue ready to draw: times in microseconds and its wrapped lines. */
    public record Shown(long startMicros, long endMicros, List<String> lines) {
        public String text() {
            return String.join("\n", lines);
        }
    }

    private SubtitlePlan() {
    }

    /**
     * Plans the cues; {@code voiceMicros.get(i)} is the exact length of voice clip i (its audio), -1 for clips
     * without text.
     */
    public static List<Shown> plan(Subtitles subs, List<VoiceClip> voices, List<Long> voiceMicros, VideoFormat format,
                                   long videoMicros) {
        SubtitleStyle style = subs.style();
        List<SubtitleCue> cues = new ArrayList<>(subs.cues());
        List<long[]> times = new ArrayList<>();
        for (SubtitleCue c : subs.cues()) {
            times.add(new long[]{micros(c.start()), micros(c.end())});
        }
        if (subs.fromVoices()) {
            for (int i = 0; i < voices.size(); i++) {
                VoiceClip v = voices.get(i);
                if (v.text().isEmpty()) {
                    continue;
                }
                long start = micros(v.start());
                cues.add(new SubtitleCue(v.start(), v.start() + voiceMicros.get(i) / 1e6, v.text(), v.speaker()));
                times.add(new long[]{start, start + voiceMicros.get(i)});
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < cues.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> times.get(i)[0]));
        int maxChars = style.maxCharsPerLineFor(format);
        List<Shown> out = new ArrayList<>();
        for (int idx : order) {
            SubtitleCue c = cues.get(idx);
            long start = times.get(idx)[0];
            long end = Math.min(times.get(idx)[1], videoMicros);
            if (start >= videoMicros || end <= start) {
                continue;
            }
            String text = c.text();
            if (style.showSpeaker() && !c.speaker().isEmpty()) {
                text = c.speaker() + "：" + text;
            }
            List<String> lines = SubtitleText.wrap(text, maxChars);
            if (lines.isEmpty()) {
                continue;
            }
            int per = style.maxLines();
            double total = 0;
            for (String l : lines) {
                total += SubtitleText.width(l);
            }
            double done = 0;
            for (int i = 0; i < lines.size(); i += per) {
                List<String> chunk = lines.subList(i, Math.min(lines.size(), i + per));
                double w = 0;
                for (String l : chunk) {
                    w += SubtitleText.width(l);
                }
                long s = start + Math.round((end - start) * (done / total));
                done += w;
                long e = i + per >= lines.size() ? end : start + Math.round((end - start) * (done / total));
                out.add(new Shown(s, e, List.copyOf(chunk)));
            }
        }
        // no overlaps: an earlier cue ends when the next begins
        for (int i = 0; i + 1 < out.size(); i++) {
            Shown a = out.get(i);
            Shown b = out.get(i + 1);
            if (a.endMicros() > b.startMicros()) {
                out.set(i, new Shown(a.startMicros(), b.startMicros(), a.lines()));
            }
        }
        out.removeIf(s -> s.endMicros() <= s.startMicros());
        return out;
    }

    private static long micros(double seconds) {
        return Math.round(seconds * 1_000_000.0);
    }

    /** The cues as SRT text (times rounded to milliseconds). */
    public static String srt(List<Shown> cues) {
        StringBuilder b = new StringBuilder();
        int n = 1;
        for (Shown s : cues) {
            b.append(n++).append('\n').append(time(s.startMicros())).append(" --> ").append(time(s.endMicros()))
                    .append('\n').append(s.text()).append("\n\n");
        }
        return b.toString();
    }

    static String time(long micros) {
        long ms = Math.round(micros / 1000.0);
        return String.format(Locale.ROOT, "%02d:%02d:%02d,%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }
}
