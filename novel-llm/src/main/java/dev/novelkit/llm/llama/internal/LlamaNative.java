package dev.novelkit.llm.llama.internal;

import dev.novelkit.core.BackendException;

import java.io.PrintStream;

/**
 * Loads java-llama.cpp's native library on first use, never in a static initializer.
 *
 * <p>java-llama.cpp prints "Extracted 'libjllama.so' to ..." on {@code System.out} when it unpacks its native
 * library. NovelKit streams stories to stdout, so the library is loaded with {@code System.out} pointed at
 * {@code System.err} for that moment (once per JVM); anything another thread prints meanwhile goes to stderr.
 */
public final class LlamaNative {
    private static boolean loaded;

    private LlamaNative() {
    }

    /** Loads the library if it is not loaded yet; a failure is a {@link BackendException} naming the platform. */
    public static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        PrintStream out = System.out;
        System.setOut(System.err);
        try {
            Class.forName("de.kherud.llama.LlamaModel", true, LlamaNative.class.getClassLoader());
            loaded = true;
        } catch (ClassNotFoundException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw BackendException.builder("llama", "could not load the llama.cpp native library for "
                            + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + cause)
                    .cause(e).build();
        } finally {
            System.setOut(out);
        }
    }
}
