package dev.novelkit.llm.swift.internal;

import dev.novelkit.core.BackendException;
import dev.novelkit.llm.swift.SwiftVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading which ms-swift a {@code swift} console script belongs to, from fake installs made as pip makes them. */
class SwiftInstallsTest {
    @TempDir
    Path dir;

    private Path install(String venv, String version, String... options) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        for (String name : new String[]{"install.py", "swift_fake.py"}) {
            try (InputStream in = SwiftInstallsTest.class.getResourceAsStream("/fake-ms-swift/" + name)) {
                Files.write(src.resolve(name), in.readAllBytes());
            }
        }
        List<String> cmd = new ArrayList<>(List.of("python3", src.resolve("install.py").toString(),
                dir.resolve(venv).toString(), version));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return Path.of(out);
    }

    @Test
    void reads_the_version_of_each_major_from_the_console_scripts_python() throws Exception {
        for (String v : List.of("2.6.1", "3.12.6", "4.5.2")) {
            Path swift = install("venv-" + v, v);

            assertThat(SwiftInstalls.version(swift, null, Map.of())).isEqualTo(SwiftVersion.parse(v));
        }
    }

    @Test
    void reads_pips_sh_form_for_long_interpreter_paths() throws Exception {
        Path swift = install("venv-sh", "4.0.3", "--sh-shebang");

        assertThat(Files.readAllLines(swift).get(0)).isEqualTo("#!/bin/sh");
        assertThat(SwiftInstalls.version(swift, null, Map.of())).isEqualTo(SwiftVersion.parse("4.0.3"));
    }

    @Test
    void an_upgrade_in_place_is_noticed_because_pip_rewrites_the_script() throws Exception {
        Path swift = install("venv-up", "3.12.6");
        assertThat(SwiftInstalls.version(swift, null, Map.of())).isEqualTo(SwiftVersion.parse("3.12.6"));

        install("venv-up", "4.5.2");
        Files.setLastModifiedTime(swift, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(SwiftInstalls.version(swift, null, Map.of())).isEqualTo(SwiftVersion.parse("4.5.2"));
    }

    @Test
    void a_script_that_is_not_a_console_script_or_knows_no_ms_swift_is_a_clear_error() throws Exception {
        Path binary = Files.writeString(dir.resolve("swift"), "\u007fELF not a script");
        Path broken = install("venv-broken", "4.5.2", "--no-metadata");

        assertThatThrownBy(() -> SwiftInstalls.version(binary, null, Map.of())).isInstanceOf(BackendException.class)
                .hasMessage("swift: cannot tell which ms-swift " + binary + " is: its first line is not a #! line "
                        + "naming a Python, so it is not the console script pip installs; set it with --swift-version "
                        + "X.Y.Z or --dialect v2|v3|v4 (SwiftProcess.swiftVersion(...) or .dialect(...) in Java)");
        assertThatThrownBy(() -> SwiftInstalls.version(broken, null, Map.of()))
                .hasMessageContaining("its Python " + broken.resolveSibling("python3") + " knows no ms-swift "
                        + "(PackageNotFoundError: No package metadata was found for ms-swift; AttributeError: module "
                        + "'swift' has no attribute '__version__')");
    }

    @Test
    void an_env_shebang_is_looked_up_on_the_path() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path python = Files.writeString(bin.resolve("python3"), "#!/bin/sh\n");
        python.toFile().setExecutable(true);
        Path swift = Files.writeString(bin.resolve("swift"), "#!/usr/bin/env python3\nimport sys\n");

        assertThat(SwiftInstalls.interpreter(swift, bin.toString())).isEqualTo(python.toAbsolutePath());
    }
}
