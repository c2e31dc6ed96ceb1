package dev.novelkit.core.text;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the seed's Python get_novel_text (test resource seed_split_ref.py) on many inputs in one process. */
final class PythonSeed {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Boolean available;

    private PythonSeed() {
    }

    static synchronized boolean available() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                available = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        return available;
    }

    /** Each case: {"text": ..., "max": n} or {"file": path}. */
    static List<List<String>> run(List<Map<String, Object>> cases) throws IOException, InterruptedException {
        Path script;
        try {
            script = Path.of(PythonSeed.class.getResource("seed_split_ref.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Process p = new ProcessBuilder("python3", script.toString()).start();
        byte[] input = JSON.writeValueAsBytes(cases);
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        CompletableFuture<Void> in = CompletableFuture.runAsync(() -> {
            try (OutputStream os = p.getOutputStream()) {
                os.write(input);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] out = readAll(p.getInputStream());
        in.join();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("python failed: " + new String(err.join()));
        }
        return JSON.readValue(out, new TypeReference<>() {
        });
    }

    private static byte[] readAll(InputStream in) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            in.transferTo(bos);
            return bos.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
