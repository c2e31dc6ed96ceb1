package dev.novelkit.examples;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.story.CameraMove;
import dev.novelkit.media.video.AssemblyResult;
import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.Music;
import dev.novelkit.media.video.ShotClip;
import dev.novelkit.media.video.Subtitles;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.Transition;
import dev.novelkit.media.video.VideoAssembler;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.media.video.VoiceClip;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny 9:16 video from two generated stills, two tone "voices" with Chinese subtitles and ducked music. */
public final class AssembleExample {
    private AssembleExample() {
    }

    public static void main(String[] a) throws Exception {
        Path dir = Files.createTempDirectory("novelkit-assemble");
        Timeline timeline = timeline(dir);
        timeline.save(dir.resolve("timeline.json"));

        AssemblyResult r = VideoAssembler.defaults().assemble(timeline, dir.resolve("story.mp4"), ProgressListener.NONE, new Cancellation());
        System.out.println(r.file() + ": " + r.frames() + " frames with " + r.encoder() + ", subtitles in " + r.srt());
    }

    /** The example's timeline, its pictures and sounds made in {@code dir}. */
    static Timeline timeline(Path dir) throws Exception {
        Path night = still(dir.resolve("night.png"), new Color(25, 35, 80));
        Path dawn = still(dir.resolve("dawn.png"), new Color(240, 170, 90));
        Path line1 = tone(dir.resolve("line1.wav"), 330, 1.5);
        Path line2 = tone(dir.resolve("line2.wav"), 392, 1.2);
        Path music = tone(dir.resolve("music.wav"), 196, 4.0);

        return Timeline.of(VideoFormat.custom(540, 960, 30))
                .shot(ShotClip.still(night, 3).kenBurns(KenBurns.of(CameraMove.ZOOM_IN)))
                .shot(ShotClip.still(dawn, 3).kenBurns(KenBurns.of(CameraMove.PAN_RIGHT)).transition(Transition.crossfade(0.5)))
                .voice(VoiceClip.of(line1, 0.4, "雨下了一夜，渡口的灯还亮着。"))
                .voice(VoiceClip.of(line2, 3.2, "天快亮了。"))
                .music(Music.of(music, 0.4))
                .subtitles(Subtitles.fromVoiceClips());
    }

    private static Path still(Path file, Color sky) throws Exception {
        BufferedImage img = new BufferedImage(1080, 1920, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(sky);
        g.fillRect(0, 0, 1080, 1920);
        g.setColor(sky.darker().darker());
        g.fillRect(0, 1300, 1080, 620); // the river
        g.setColor(Color.ORANGE);
        g.fillOval(700, 1150, 90, 90); // the ferry lamp
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private static Path tone(Path file, double hz, double seconds) throws Exception {
        int rate = 22050;
        int n = (int) (rate * seconds);
        byte[] pcm = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            short s = (short) (Math.sin(2 * Math.PI * hz * i / rate) * 9000 * Math.min(1, Math.min(i, n - i) / 500.0));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), new AudioFormat(rate, 16, 1, true, false), n),
                AudioFileFormat.Type.WAVE, file.toFile());
        return file;
    }
}
