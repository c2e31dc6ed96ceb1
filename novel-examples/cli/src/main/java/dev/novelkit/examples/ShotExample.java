package dev.novelkit.examples;

import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.shot.ShotGenerator;
import dev.novelkit.media.shot.ShotOutcome;
import dev.novelkit.media.shot.ShotRequest;
import dev.novelkit.media.video.VideoFormat;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

/** A 3-second Ken Burns shot (slow zoom in) from a generated still, offline. */
public final class ShotExample {
    private ShotExample() {
    }

    public static void main(String[] a) throws Exception {
        Path dir = Files.createTempDirectory("novelkit-shot");
        BufferedImage img = new BufferedImage(1080, 1920, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(20, 30, 70), 0, 1920, new Color(230, 150, 60)));
        g.fillRect(0, 0, 1080, 1920);
        g.setColor(new Color(255, 220, 120));
        g.fillOval(440, 700, 200, 200); // a lantern
        g.dispose();
        Path still = dir.resolve("lantern.png");
        ImageIO.write(img, "png", still.toFile());

        ShotRequest request = ShotRequest.of(still, 3).format(VideoFormat.custom(720, 1280, 30)).move(CameraMove.ZOOM_IN);
        ShotOutcome shot = ShotGenerator.offline().generate(request, dir.resolve("lantern.mp4"));
        System.out.println(shot.backend() + " -> " + shot.file() + " in " + shot.wallTime().toMillis() + " ms");
    }
}
