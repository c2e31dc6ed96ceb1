package dev.novelkit.media.voice.internal;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads, trims and writes mono or multi-channel 16-bit PCM WAV files. Not public API. */
public final class Wav {
    private final int sampleRate;
    private final int channels;
    private final short[] samples;

    public Wav(int sampleRate, int channels, short[] samples) {
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.samples = samples;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    public short[] samples() {
        return samples;
    }

    /** Frames (samples per channel). */
    public int frames() {
        return samples.length / channels;
    }

    public double seconds() {
        return (double) frames() / sampleRate;
    }

    /** Parses a RIFF/WAVE file with a 16-bit PCM {@code fmt } chunk; anything else is an InvalidInputException. */
    public static Wav read(byte[] bytes, String source) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new InvalidInputException(source, "not a WAV file (no RIFF/WAVE header)");
        }
        int pos = 12;
        int rate = -1;
        int channels = -1;
        while (pos + 8 <= bytes.length) {
            int id = b.getInt(pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                int format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                int bits = b.getShort(body + 14);
                if ((format != 1 && format != 0xfffe) || bits != 16) {
                    throw new InvalidInputException(source, "WAV is not 16-bit PCM (format " + format + ", "
                            + bits + " bits)");
                }
            } else if (id == 0x61746164) { // "data"
                if (rate <= 0 || channels <= 0) {
                    throw new InvalidInputException(source, "WAV data before its fmt chunk");
                }
                // Streaming writers put 0 or 0xFFFFFFFF in the size: take what is there.
                long available = bytes.length - body;
                int len = (int) Math.min(size == 0 || size > available ? available : size, available) & ~1;
                short[] samples = new short[len / 2];
                b.position(body);
                b.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
                return new Wav(rate, channels, samples);
            }
            pos = (int) Math.min(bytes.length, body + size + (size & 1));
        }
        throw new InvalidInputException(source, "WAV file has no data chunk");
    }

    public static Wav read(Path file) {
        try {
            return read(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** The first and last frame louder than {@code threshold} (0..1 of full scale), or null if all is quieter. */
    public int[] audibleRange(double threshold) {
        int limit = (int) Math.round(threshold * 32767);
        int first = -1;
        int last = -1;
        for (int f = 0; f < frames(); f++) {
            if (loud(f, limit)) {
                first = f;
                break;
            }
        }
        if (first < 0) {
            return null;
        }
        for (int f = frames() - 1; f >= first; f--) {
            if (loud(f, limit)) {
                last = f;
                break;
            }
        }
        return new int[] {first, last};
    }

    private boolean loud(int frame, int limit) {
        for (int c = 0; c < channels; c++) {
            int s = samples[frame * channels + c];
            if (s > limit || s < -limit) {
                return true;
            }
        }
        return false;
    }

    /** Frames [from, to) as a new clip. */
    public Wav slice(int fromFrame, int toFrame) {
        short[] out = new short[(toFrame - fromFrame) * channels];
        System.arraycopy(samples, fromFrame * channels, out, 0, out.length);
        return new Wav(sampleRate, channels, out);
    }

    public byte[] toBytes() {
        int dataLen = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataLen).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + dataLen).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        b.putInt(0x61746164).putInt(dataLen);
        b.asShortBuffer().put(samples);
        return b.array();
    }

    public void write(Path file) {
        AtomicFiles.writeBytes(file, toBytes());
    }
}
