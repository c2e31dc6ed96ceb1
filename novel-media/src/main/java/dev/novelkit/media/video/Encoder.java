package dev.novelkit.media.video;

import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.core.NovelKitException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;

import java.util.List;
import java.util.Locale;

/**
 * The H.264 encoder to use, chosen explicitly: libx264 (the better one, in GPL builds of FFmpeg), libopenh264, or
 * {@link #AUTO} = libx264 where this FFmpeg build has it, otherwise libopenh264. Never a silent fallback to another
 * codec: when neither exists, assembling fails with a clear message.
 */
public enum Encoder {
    AUTO(""), LIBX264("libx264"), LIBOPENH264("libopenh264");

    /** libx264's speed presets, fastest first: the values a {@code preset(...)} setting takes. */
    public static final List<String> X264_PRESETS = List.of("ultrafast", "superfast", "veryfast", "faster", "fast",
            "medium", "slow", "slower", "veryslow");

    private final String ffmpegName;

    Encoder(String ffmpegName) {
        this.ffmpegName = ffmpegName;
    }

    /** FFmpeg's name of the encoder ("libx264"); empty for {@link #AUTO}. */
    public String ffmpegName() {
        return ffmpegName;
    }

    /** Whether the bundled FFmpeg build has this encoder (AUTO: either of them). */
    public boolean isAvailable() {
        if (this == AUTO) {
            return LIBX264.isAvailable() || LIBOPENH264.isAvailable();
        }
        AVCodec codec = avcodec.avcodec_find_encoder_by_name(ffmpegName);
        return codec != null && !codec.isNull();
    }

    /** The concrete encoder to use; throws if it is missing from this FFmpeg build. */
    public Encoder resolve() {
        if (this == AUTO) {
            if (LIBX264.isAvailable()) {
                return LIBX264;
            }
            if (LIBOPENH264.isAvailable()) {
                return LIBOPENH264;
            }
            throw new NovelKitException("this FFmpeg build has no H.264 encoder (neither libx264 nor libopenh264); "
                    + "use the org.bytedeco:ffmpeg linux-x86_64-gpl natives");
        }
        if (!isAvailable()) {
            throw new NovelKitException("this FFmpeg build has no " + ffmpegName + " encoder"
                    + (this == LIBX264 ? " (it needs the GPL natives); try Encoder.AUTO or LIBOPENH264" : "; try Encoder.AUTO"));
        }
        return this;
    }

    /** Parses "auto", "libx264", "x264", "libopenh264" or "openh264". */
    public static Encoder parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "auto" -> AUTO;
            case "libx264", "x264" -> LIBX264;
            case "libopenh264", "openh264" -> LIBOPENH264;
            default -> throw new InvalidSettingException("encoder", text, "must be auto, libx264 or libopenh264");
        };
    }
}
