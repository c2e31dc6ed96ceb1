package dev.novelkit.core.text.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8DecoderTest {
    @TempDir
    Path dir;

    private static final String[] PIECES = {"a", "Z", " ", "\n", "\r", "\r\n", "\0", "!", "?", "é", "ß", "\u0085",
            "天", "下", "。", "！", "？", "…", "“", "”", "，", "\u3000", "😀", "𠀀", "\uFFFF", "\uFFFD"};

    private static String randomText(Random rng, int len) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < len) {
            sb.append(PIECES[rng.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    private Utf8Decoder decode(byte[] bytes) throws Exception {
        Path f = dir.resolve("t.bin");
        Files.write(f, bytes);
        try (FileChannel ch = FileChannel.open(f)) {
            return Utf8Decoder.read(ch, 0, bytes.length);
        }
    }

    /** Events and pairs as the window's own scan finds them in the text. */
    private static List<Long> scannedEvents(String text) {
        TextWindow w = TextWindow.over(new ReaderSource(new java.io.StringReader(text), 1000));
        List<Long> out = new ArrayList<>();
        for (long e = w.nextEvent(0, Long.MAX_VALUE); e >= 0; e = w.nextEvent(e + 1, Long.MAX_VALUE)) {
            out.add(e);
        }
        return out;
    }

    @Test
    void decodes_valid_text_across_chunk_boundaries_and_indexes_it_as_the_scanner_does() throws Exception {
        Random rng = new Random(5);
        for (int round = 0; round < 6; round++) {
            String s = randomText(rng, round == 0 ? 50 : 200_000);
            Utf8Decoder d = decode(s.getBytes(StandardCharsets.UTF_8));
            String expected = LineEnds.normalize(s, 0);

            assertThat(d).isNotNull();
            assertThat(d.text()).isEqualTo(expected);
            assertThat(d.nul).isEqualTo(expected.indexOf('\0'));
            List<Long> events = new ArrayList<>();
            for (int i = 0; i < d.eventCount; i++) {
                events.add((long) d.events[i]);
            }
            assertThat(events).isEqualTo(scannedEvents(expected));
            int pairs = expected.length() - expected.codePointCount(0, expected.length());
            assertThat(d.pairCount).isEqualTo(pairs);
            for (int i = 0; i < d.pairCount; i++) {
                assertThat(Character.isLowSurrogate(expected.charAt(d.pairs[i]))).isTrue();
            }
        }
    }

    @Test
    void rejects_exactly_what_the_jdk_strict_decoder_rejects() throws Exception {
        Random rng = new Random(9);
        int rejected = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] b = randomText(rng, 1 + rng.nextInt(40)).getBytes(StandardCharsets.UTF_8);
            for (int k = rng.nextInt(3); k > 0; k--) {
                b[rng.nextInt(b.length)] = (byte) (0x80 + rng.nextInt(128));
            }
            if (rng.nextInt(10) == 0) {
                b = java.util.Arrays.copyOf(b, b.length - 1);
            }
            boolean valid;
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
                valid = true;
            } catch (CharacterCodingException e) {
                valid = false;
            }
            Utf8Decoder d = decode(b);
            assertThat(d != null).as("round %d", round).isEqualTo(valid);
            if (valid) {
                assertThat(d.text()).isEqualTo(LineEnds.normalize(new String(b, StandardCharsets.UTF_8), 0));
            } else {
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(500);
        for (byte[] bad : new byte[][]{{(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF},
                {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF8}, {(byte) 0x80}}) {
            assertThat(decode(bad)).isNull();
        }
    }

    @Test
    void reads_a_large_file_in_two_halves_with_a_line_end_split_between_them() throws Exception {
        String half = "他说：“你好😀！”\r\n".repeat(150_000);
        byte[] a = half.getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[a.length * 2 + 2];
        System.arraycopy(a, 0, file, 0, a.length);
        file[a.length] = '\r';
        file[a.length + 1] = '\n';
        System.arraycopy(a, 0, file, a.length + 2, a.length);
        assertThat(file.length / 2).isEqualTo(a.length + 1);
        Path f = dir.resolve("big.txt");
        Files.write(f, file);

        Decoding.Decoded d = Decoding.readFile(f, null, "big.txt");
        String expected = LineEnds.normalize(new String(file, StandardCharsets.UTF_8), 0);

        assertThat(d.string()).isEqualTo(expected);
        List<Long> events = new ArrayList<>();
        for (int i = 0; i < d.index().eventCount; i++) {
            events.add((long) d.index().events[i]);
        }
        assertThat(events).isEqualTo(scannedEvents(expected));
        assertThat(d.index().pairCount).isEqualTo(300_000);
    }
}
