package dev.novelkit.llm.swift;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fake ms-swift installs for the tests, made the way pip makes the real one: a virtual environment with
 * {@code bin/swift} (pip's console script, {@code #!VENV/bin/python3}), {@code swift/__init__.py} holding
 * {@code __version__} and an {@code ms_swift-X.dist-info}; its argument parsing is as strict as the real one's
 * (test resource {@code fake-ms-swift/}, installed by its {@code install.py}).
 */
final class FakeSwift {
    /** The releases SWIFT-FACTS.md was read from. */
    static final String V2 = "2.6.1";
    static final String V3 = "3.12.6";
    static final String V4 = "4.5.2";
    static final List<String> VERSIONS = List.of(V2, V3, V4);

    private FakeSwift() {
    }

    /** Installs ms-swift {@code version} into {@code dir/venv-VERSION}; returns its {@code bin/swift}. */
    static Path install(Path dir, String version, String... options) {
        try {
            Path src = Files.createDirectories(dir.resolve("fake-ms-swift-src"));
            for (String name : new String[]{"install.py", "swift_fake.py"}) {
                try (InputStream in = FakeSwift.class.getResourceAsStream("/fake-ms-swift/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("test resource /fake-ms-swift/" + name + " is missing");
                    }
                    Files.write(src.resolve(name), in.readAllBytes());
                }
            }
            List<String> cmd = new ArrayList<>(List.of("python3", src.resolve("install.py").toString(),
                    dir.resolve("venv-" + version + (options.length > 0 ? "-" + String.join("", options).replace("-", "") : ""))
                            .toString(), version));
            cmd.addAll(List.of(options));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("installing the fake swift failed: " + out);
            }
            return Path.of(out.substring(out.lastIndexOf('\n') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The process settings that run {@code swift}. */
    static SwiftProcess process(Path swift, Path workingDir) {
        return SwiftProcess.defaults().executable(swift).workingDir(workingDir);
    }

    /** Writes {@code n} query/response records to {@code file}. */
    static Path dataset(Path file, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("{\"query\": \"下面是前一个章节的简要概括").append(i).append("\", \"response\": \"他推开门，雨还在下。\"}\n");
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A LoRA checkpoint folder as swift {@code major}.x writes it (adapter files, its arguments file). */
    static Path checkpoint(Path dir, int major) {
        try {
            Path ckpt = Files.createDirectories(dir.resolve(major == 2
                    ? "output/qwen2-7b-instruct/v0-20240729-012301/checkpoint-93" : "output/v0-20250422-101811/checkpoint-94"));
            Files.writeString(ckpt.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 8}");
            Files.writeString(ckpt.resolve(major == 2 ? "sft_args.json" : "args.json"),
                    "{\"model\": \"Qwen/Qwen2-7B-Instruct\"}");
            return ckpt;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
