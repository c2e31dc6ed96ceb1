package dev.novelkit.llm.llama.internal;

import dev.novelkit.core.BackendException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Calls llama.cpp's tokenizer so that no text can crash the JVM.
 *
 * <p>Qwen2's pre-tokenizer is a regular expression that llama.cpp runs with {@code std::wregex}, whose matcher
 * recurses once per character of a match: a run of letters, spaces or punctuation without a break (5,000 'a', a
 * Chinese paragraph without a comma) takes about 270 bytes of native stack per character. On a Java thread's
 * default 1 MB stack a run of about 3,700 characters overflowed it and the JVM died with SIGSEGV. So every call
 * runs on one thread of its own with a {@value #STACK_MB} MB stack (reserved, touched only as deep as it is used),
 * and a run longer than {@value #MAX_RUN} characters (about a sixteenth of that stack) is tokenized in pieces of
 * that length, whose ids are joined: the same text, tokens that differ from llama.cpp's only where a piece was
 * cut. Text without such a run is tokenized in one call, exactly as llama.cpp does. Thread-safe.
 */
public final class NativeTokenizer implements AutoCloseable {
    static final int STACK_MB = 64;
    /** The longest run given to llama.cpp in one piece, in UTF-16 chars. */
    public static final int MAX_RUN = 16_384;

    private final Function<String, int[]> encoder;
    private final ExecutorService thread;

    /** @param encoder llama.cpp's encode call (special tokens parsed, no BOS added) */
    public NativeTokenizer(Function<String, int[]> encoder) {
        this.encoder = encoder;
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(null, task, "llama-tokenizer", (long) STACK_MB << 20);
            t.setDaemon(true);
            return t;
        });
    }

    /** The token ids of {@code text}. */
    public int[] encode(String text) {
        if (longestRun(text) <= MAX_RUN) {
            return onNativeThread(() -> encoder.apply(text));
        }
        return onNativeThread(() -> {
            int[] out = new int[0];
            for (String piece : pieces(text)) {
                int[] ids = encoder.apply(piece);
                int size = out.length;
                out = Arrays.copyOf(out, size + ids.length);
                System.arraycopy(ids, 0, out, size, ids.length);
            }
            return out;
        });
    }

    /** Runs another native call (decode, anything that may recurse on text) on the large-stack thread. */
    public <T> T onNativeThread(Callable<T> call) {
        Future<T> result = thread.submit(call);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // a native call cannot be stopped midway; it takes milliseconds, so wait for it
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw BackendException.builder("llama", "tokenizer failed: " + cause).cause(cause).build();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The length in characters of the longest stretch the pre-tokenizer can match in one go: characters of one
     * class (letters, white space, other non-digits) in a row. Digits match one at a time. White space counts
     * Java's and Unicode's kinds, so a run llama.cpp sees as one is never seen as several here.
     */
    public static int longestRun(String text) {
        Runs runs = new Runs();
        int longest = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            longest = Math.max(longest, runs.next(cp));
            i += Character.charCount(cp);
        }
        return longest;
    }

    /** The text cut inside every run longer than {@link #MAX_RUN} characters, between two characters. */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        Runs runs = new Runs();
        int start = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (runs.next(cp) > MAX_RUN) {
                pieces.add(text.substring(start, i));
                start = i;
                runs.restart();
            }
            i += Character.charCount(cp);
        }
        pieces.add(text.substring(start));
        return pieces;
    }

    /** Counts the run a character extends: its length so far, this character included. */
    private static final class Runs {
        private int previous = -1;
        private int run;

        int next(int codePoint) {
            int kind = kind(codePoint);
            run = kind == previous && kind != DIGIT ? run + 1 : 1;
            previous = kind;
            return run;
        }

        void restart() {
            run = 1;
        }
    }

    private static final int LETTER = 0;
    private static final int SPACE = 1;
    private static final int DIGIT = 2;
    private static final int OTHER = 3;

    private static int kind(int codePoint) {
        if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
            return SPACE;
        }
        if (Character.isDigit(codePoint)) {
            return DIGIT;
        }
        return Character.isLetter(codePoint) ? LETTER : OTHER;
    }

    /** Ends the tokenizer thread (after a call in progress). */
    @Override
    public void close() {
        thread.shutdown();
    }
}
