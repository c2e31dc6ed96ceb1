package dev.novelkit.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file someone opened and saved is their work: {@code video --export} keeps an edited editor project and
 * {@code dataset} a hand-fixed train.jsonl ({@code assemble --export} too), and each says where.
 */
class EditedProjectsTest {
    private final CliRun cli = new CliRun();

    @TempDir
    Path dir;

    @Test
    void a_project_saved_by_an_editor_is_set_aside_before_the_next_export_and_an_untouched_one_is_just_rewritten()
            throws Exception {
        Path novel = Files.writeString(dir.resolve("n.txt"), "第一章 渡口\n林晚舟站在渡口。“再等一等吧，周伯。”晚舟说。"
                + "周伯点点头。“好。”周伯说。\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        String[] video = {"video", "--input", novel.toString(), "--out", out.toString(), "--aspect", "180x320",
                "--fps", "10", "--max-shots", "2", "--voice-backend", "none", "--export", "mlt"};
        assertThat(cli.run(video)).as(cli.err()).isZero();
        Path project = out.resolve("project.mlt");
        String saved = Files.readString(project).replace("<mlt", "<!-- trimmed in Shotcut --><mlt");
        Files.writeString(project, saved);

        cli.clear();
        assertThat(cli.run(video)).as(cli.err()).isZero();

        List<Path> aside;
        try (Stream<Path> files = Files.list(out)) {
            aside = files.filter(f -> f.getFileName().toString().startsWith("project.edited-")).toList();
        }
        assertThat(aside).singleElement().satisfies(f -> assertThat(Files.readString(f)).isEqualTo(saved));
        assertThat(cli.out()).contains("export: project.mlt was changed since it was written: kept as " + aside.get(0));
        assertThat(Files.readString(project)).doesNotContain("trimmed in Shotcut");

        cli.clear();
        assertThat(cli.run(video)).as(cli.err()).isZero();
        assertThat(cli.out()).doesNotContain("was changed since it was written");
    }

    @Test
    void assemble_export_also_sets_an_edited_project_aside_before_writing_a_new_one() throws Exception {
        Path novel = Files.writeString(dir.resolve("n.txt"), "第一章 渡口\n林晚舟站在渡口。“再等一等吧，周伯。”晚舟说。"
                + "周伯点点头。“好。”周伯说。\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        assertThat(cli.run("video", "--input", novel.toString(), "--out", out.toString(), "--aspect", "180x320",
                "--fps", "10", "--max-shots", "2", "--voice-backend", "none")).as(cli.err()).isZero();
        Path cut = dir.resolve("cut");
        String[] assemble = {"assemble", "--timeline", out.resolve("timeline.json").toString(), "--out",
                cut.resolve("video.mp4").toString(), "--export", "fcpxml"};
        cli.clear();
        assertThat(cli.run(assemble)).as(cli.err()).isZero();
        Path project = cut.resolve("project.fcpxml");
        String saved = Files.readString(project).replace("<fcpxml", "<!-- moved a clip in Resolve --><fcpxml");
        Files.writeString(project, saved);

        cli.clear();
        assertThat(cli.run(assemble)).as(cli.err()).isZero();

        List<Path> aside;
        try (Stream<Path> files = Files.list(cut)) {
            aside = files.filter(f -> f.getFileName().toString().startsWith("project.edited-")).toList();
        }
        assertThat(aside).singleElement().satisfies(f -> assertThat(Files.readString(f)).isEqualTo(saved));
        assertThat(cli.out()).contains("export: project.fcpxml was changed since it was written: kept as "
                + aside.get(0));
        assertThat(Files.readString(project)).doesNotContain("moved a clip");
    }

    @Test
    void a_hand_fixed_dataset_file_is_set_aside_before_the_next_dataset_run() throws Exception {
        Path novel = Files.writeString(dir.resolve("n.txt"), "第一章 渡口\n林晚舟站在渡口。“再等一等吧，周伯。”晚舟说。"
                + "周伯点点头。“好。”周伯说。\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("ds");
        String[] dataset = {"dataset", "--input", novel.toString(), "--out", out.toString()};
        assertThat(cli.run(dataset)).as(cli.err()).isZero();
        Path train = out.resolve("train.jsonl");
        String fixed = Files.readString(train).replace("林晚舟", "林晚秋");
        Files.writeString(train, fixed);

        cli.clear();
        assertThat(cli.run(dataset)).as(cli.err()).isZero();

        List<Path> aside;
        try (Stream<Path> files = Files.list(out)) {
            aside = files.filter(f -> f.getFileName().toString().startsWith("train.edited-")).toList();
        }
        assertThat(aside).singleElement().satisfies(f -> assertThat(Files.readString(f)).isEqualTo(fixed));
        assertThat(cli.err()).contains("dataset: train.jsonl was changed since it was written: kept as " + aside.get(0));

        cli.clear();
        assertThat(cli.run(dataset)).as(cli.err()).isZero();
        assertThat(cli.err()).doesNotContain("was changed since it was written");
    }
}
