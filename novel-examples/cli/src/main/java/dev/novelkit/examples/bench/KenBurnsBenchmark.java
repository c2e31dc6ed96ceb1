package dev.novelkit.examples.bench;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.shot.KenBurnsShotRenderer;
import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.VideoFormat;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * The Ken Burns target: render zoom-in, pan and tilt shots at 1080x1920, 30 fps with the renderer's defaults
 * (libx264 superfast, CRF 20) and report how many seconds of video are made per second of wall time (target: at
 * least 2x on 2 cores). Usage: {@code KenBurnsBenchmark [still.png] [seconds per move, default 10] [x264 preset]};
 * without a still a detailed 1600x2400 picture is drawn (an empty first argument also draws it).
 */
public final class KenBurnsBenchmark {
    private KenBurnsBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        BufferedImage still = args.length > 0 && !args[0].isEmpty() ? ImageIO.read(Path.of(args[0]).toFile()) : detailed();
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        VideoFormat format = VideoFormat.PORTRAIT_1080P;
        Path dir = Files.createTempDirectory("novelkit-kb-bench");
        KenBurnsShotRenderer renderer = args.length > 2 ? KenBurnsShotRenderer.defaults().preset(args[2]) : KenBurnsShotRenderer.defaults();
        System.out.println(renderer);
        // warm-up (JIT, native libraries) not counted
        renderer.render(still, KenBurns.of(CameraMove.ZOOM_IN), format, 1, dir.resolve("warmup.mp4"), new Cancellation());
        double total = 0;
        double video = 0;
        for (CameraMove move : new CameraMove[]{CameraMove.ZOOM_IN, CameraMove.PAN_LEFT, CameraMove.TILT_UP}) {
            Path out = dir.resolve(move.name().toLowerCase(Locale.ROOT) + ".mp4");
            long t0 = System.nanoTime();
            renderer.render(still, KenBurns.of(move), format, seconds, out, new Cancellation());
            double wall = (System.nanoTime() - t0) / 1e9;
            total += wall;
            video += seconds;
            System.out.printf(Locale.ROOT, "ken burns %-9s %s: %.1f s of video in %.2f s = %.2fx real time (%d KB)%n",
                    KenBurns.moveName(move), format, seconds, wall, seconds / wall, Files.size(out) / 1024);
        }
        System.out.printf(Locale.ROOT, "ken burns overall: %.2fx real time at %dx%d %d fps, %d MB peak (target >= 2x)%n",
                video / total, format.width(), format.height(), format.fps(), AssemblyBenchmark.peakRssMb());
    }

    /** A picture with fine detail everywhere, so the encoder has real work to do. */
    static BufferedImage detailed() {
        int w = 1600;
        int h = 2400;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 60, 110), w, h, new Color(200, 140, 60)));
        g.fillRect(0, 0, w, h);
        Random r = new Random(7);
        for (int i = 0; i < 4000; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256), 90));
            int d = 4 + r.nextInt(60);
            g.fillOval(r.nextInt(w), r.nextInt(h), d, d);
        }
        g.dispose();
        return img;
    }
}
