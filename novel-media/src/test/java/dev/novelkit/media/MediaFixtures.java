package dev.novelkit.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Test inputs made on the spot (stills, tones) and real ffprobe/ffmpeg checks of what the code wrote. */
public final class MediaFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MediaFixtures() {
    }

    /** Skips the test when Debian's ffmpeg/ffprobe are not installed. */
    public static void assumeFfmpeg() {
        Assumptions.assumeTrue(onPath("ffprobe") && onPath("ffmpeg"), "ffmpeg/ffprobe not installed");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** A textured still: a diagonal gradient in {@code hue}, circles and fine stripes so motion is visible. */
    public static Path still(Path dir, String name, int w, int h, float hue) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue, 0.7f, 0.9f), w, h, Color.getHSBColor(hue + 0.3f, 0.8f, 0.3f)));
        g.fillRect(0, 0, w, h);
        Random r = new Random(name.hashCode());
        for (int i = 0; i < 40; i++) {
            g.setColor(Color.getHSBColor(r.nextFloat(), 0.6f, 0.5f + r.nextFloat() / 2));
            int d = 10 + r.nextInt(Math.max(11, w / 6));
            g.fillOval(r.nextInt(w), r.nextInt(h), d, d);
        }
        g.setColor(new Color(255, 255, 255, 60));
        for (int x = 0; x < w; x += 8) {
            g.fillRect(x, 0, 2, h);
        }
        g.dispose();
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    /** A mono 16-bit WAV: a sine of {@code hz} at {@code amplitude} (0..1) lasting {@code seconds}, with 5 ms ramps. */
    public static Path tone(Path dir, String name, double hz, double seconds, double amplitude, int rate) throws IOException {
        int n = (int) Math.round(seconds * rate);
        int ramp = rate / 200;
        ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            double env = Math.min(1, Math.min(i, n - 1 - i) / (double) ramp);
            b.putShort((short) Math.round(Math.sin(2 * Math.PI * hz * i / rate) * amplitude * env * 32767));
        }
        AudioFormat fmt = new AudioFormat(rate, 16, 1, true, false);
        Path p = dir.resolve(name);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), fmt, n)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, p.toFile());
        }
        return p;
    }

    /**
     * A short H.264 + AAC clip made by ffmpeg: the {@code testsrc2} pattern fading in from black over its whole
     * length (so its first and last frames differ a lot), with a 1 kHz sine at half scale as its sound.
     */
    public static Path fadingClip(Path dir, String name, int w, int h, int fps, double seconds) throws IOException {
        Path p = dir.resolve(name);
        String d = String.format(java.util.Locale.ROOT, "%.3f", seconds);
        run(List.of("ffmpeg", "-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=s=" + w + "x" + h + ":r=" + fps + ":d=" + d + ",fade=t=in:st=0:d=" + d,
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100:duration=" + d + ",volume=4",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                p.toString()));
        return p;
    }

    /** ffprobe's streams and format as JSON. */
    public static JsonNode probe(Path media) throws IOException {
        byte[] out = run(List.of("ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", media.toString()));
        return JSON.readTree(out);
    }

    /** The stream of {@code type} ("video", "audio") from a probe. */
    public static JsonNode stream(JsonNode probe, String type) {
        for (JsonNode s : probe.path("streams")) {
            if (type.equals(s.path("codec_type").asText())) {
                return s;
            }
        }
        throw new AssertionError("no " + type + " stream in " + probe);
    }

    /** The file's audio decoded by ffmpeg to mono float samples at {@code rate}. */
    public static float[] decodeAudio(Path media, int rate) throws IOException {
        byte[] raw = run(List.of("ffmpeg", "-v", "error", "-i", media.toString(), "-map", "0:a:0", "-ac", "1", "-ar",
                Integer.toString(rate), "-f", "f32le", "-"));
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[raw.length / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** The luma plane of every frame, decoded by ffmpeg (width x height bytes each). */
    public static List<byte[]> grayFrames(Path media, int w, int h) throws IOException {
        byte[] raw = run(List.of("ffmpeg", "-v", "error", "-i", media.toString(), "-f", "rawvideo", "-pix_fmt", "gray", "-"));
        List<byte[]> frames = new ArrayList<>();
        int size = w * h;
        for (int off = 0; off + size <= raw.length; off += size) {
            byte[] f = new byte[size];
            System.arraycopy(raw, off, f, 0, size);
            frames.add(f);
        }
        return frames;
    }

    /** The Y plane of every frame, decoded by ffmpeg to yuv420p (no range or colour conversion; w x h bytes each). */
    public static List<byte[]> lumaFrames(Path media, int w, int h) throws IOException {
        byte[] raw = run(List.of("ffmpeg", "-v", "error", "-i", media.toString(), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"));
        List<byte[]> frames = new ArrayList<>();
        int size = w * h * 3 / 2;
        for (int off = 0; off + size <= raw.length; off += size) {
            byte[] f = new byte[w * h];
            System.arraycopy(raw, off, f, 0, w * h);
            frames.add(f);
        }
        return frames;
    }

    /** A frame tap keeping the Y plane of every frame handed to the encoder. */
    public static dev.novelkit.media.video.FrameTap lumaInto(List<byte[]> frames, int w, int h) {
        return (index, yuv) -> {
            byte[] y = new byte[w * h];
            yuv.get(0, y);
            frames.add(y);
        };
    }

    /** The mean absolute difference of two gray frames of the same size (0..255). */
    public static double grayDiff(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 255) - (b[i] & 255));
        }
        return (double) sum / a.length;
    }

    /** The mean brightness of a gray frame (0..255). */
    public static double grayMean(byte[] frame) {
        long sum = 0;
        for (byte v : frame) {
            sum += v & 255;
        }
        return (double) sum / frame.length;
    }

    /** The frame shown at {@code seconds}, as RGB decoded by ffmpeg. */
    public static BufferedImage frameAt(Path media, double seconds) throws IOException {
        byte[] png = run(List.of("ffmpeg", "-v", "error", "-ss", String.format(java.util.Locale.ROOT, "%.3f", seconds),
                "-i", media.toString(), "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"));
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** Root-mean-square of {@code s[from, to)}. */
    public static double rms(float[] s, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += s[i] * s[i];
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }

    /** The amplitude of the {@code hz} component of {@code s[from, to)} (Goertzel). */
    public static double level(float[] s, int from, int to, double hz, int rate) {
        double w = 2 * Math.PI * hz / rate;
        double c = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = s[i] + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - c * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, power)) / (to - from);
    }

    /** Whether the MP4's moov box comes before its mdat box (faststart). */
    public static boolean moovBeforeMdat(Path mp4) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(mp4)) {
            ByteBuffer head = ByteBuffer.allocate(8);
            long pos = 0;
            while (pos < ch.size()) {
                head.clear();
                ch.read(head, pos);
                head.flip();
                long size = Integer.toUnsignedLong(head.getInt());
                String type = new String(new byte[]{head.get(), head.get(), head.get(), head.get()}, java.nio.charset.StandardCharsets.US_ASCII);
                if (type.equals("moov")) {
                    return true;
                }
                if (type.equals("mdat")) {
                    return false;
                }
                if (size == 1) {
                    ByteBuffer big = ByteBuffer.allocate(8);
                    ch.read(big, pos + 8);
                    size = big.flip().getLong();
                }
                if (size < 8) {
                    return false;
                }
                pos += size;
            }
        }
        return false;
    }

    static byte[] run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out.toByteArray();
    }
}
