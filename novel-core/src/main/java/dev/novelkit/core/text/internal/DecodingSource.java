package dev.novelkit.core.text.internal;

import dev.novelkit.core.InvalidInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Chunks of a file decoded strictly with a bounded buffer: the encoding is chosen from the first megabyte
 * ({@link Decoding#choose}); a later undecodable byte or a NUL character fails with its offset.
 */
public final class DecodingSource extends ChunkSource {
    private final FileChannel channel;
    private final String name;
    private final Charset charset;
    private final Charset reportAs;
    private final boolean utf8;
    private final CharsetDecoder decoder;
    private final ByteBuffer in;
    private final CharBuffer out;
    private long fileOffset; // file offset of in's first byte
    private long charsOut;
    private long utf8Bytes;
    private boolean eof;
    private boolean flushed;

    private DecodingSource(FileChannel channel, String name, Decoding.Choice choice, Charset forced, int chunk) {
        this.channel = channel;
        this.name = name;
        this.charset = choice.charset();
        this.reportAs = forced;
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        this.decoder = Decoding.strict(charset);
        this.in = ByteBuffer.allocate(chunk);
        this.out = CharBuffer.allocate(chunk);
        this.fileOffset = choice.bomLength();
    }

    /** Opens {@code file}, rejecting an empty or binary file, and chooses its encoding (or uses {@code forced}). */
    public static DecodingSource open(Path file, Charset forced, String name, int chunk) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(name, "no such file", e);
        }
        try {
            long size = ch.size();
            if (size == 0) {
                throw new InvalidInputException(name, "empty file");
            }
            int sniffLen = (int) Math.min(size, Decoding.SNIFF_BYTES);
            ByteBuffer sniff = ByteBuffer.allocate(sniffLen);
            while (sniff.hasRemaining() && ch.read(sniff, sniff.position()) >= 0) {
                // positional reads until the sniff buffer is full
            }
            Decoding.Choice choice = Decoding.choose(sniff.array(), sniff.position(), sniff.position() == size,
                    forced, name);
            ch.position(choice.bomLength());
            return new DecodingSource(ch, name, choice, forced, chunk);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The charset the file is read with. */
    public Charset charset() {
        return charset;
    }

    @Override
    protected String readRaw() throws IOException {
        while (true) {
            if (flushed) {
                return null;
            }
            out.clear();
            if (!eof && in.hasRemaining()) {
                if (channel.read(in) < 0) {
                    eof = true;
                }
            }
            in.flip();
            int before = in.position();
            CoderResult r = decoder.decode(in, out, eof);
            if (r.isError()) {
                long at = fileOffset + in.position();
                throw Decoding.notText(name, reportAs, at, in.get(in.position()));
            }
            if (utf8) {
                utf8Bytes += in.position() - before;
            }
            fileOffset += in.position();
            in.compact();
            if (eof && r.isUnderflow()) {
                if (decoder.flush(out).isError()) {
                    throw new InvalidInputException(name, "file ends inside a multi-byte character");
                }
                flushed = true;
            }
            out.flip();
            if (out.hasRemaining()) {
                String s = out.toString();
                int nul = s.indexOf('\0');
                if (nul >= 0) {
                    throw new InvalidInputException(name, "binary file (NUL character at character " + (charsOut + nul) + ")");
                }
                charsOut += s.length();
                if (!utf8) {
                    utf8Bytes += Utf8.length(s);
                }
                return s;
            }
        }
    }

    @Override
    public long utf8Bytes() {
        return utf8Bytes;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
