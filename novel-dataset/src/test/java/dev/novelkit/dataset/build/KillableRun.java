package dev.novelkit.dataset.build;

import dev.novelkit.dataset.io.DatasetWriter;

import java.nio.file.Path;

/** A dataset run in a child JVM for {@link DatasetBuilderKillTest}: {@code <out dir> <paragraphs>}. */
public final class KillableRun {
    private KillableRun() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        DatasetResult r = DatasetBuilder.of(new FakeSummarizer(40, 5)).concurrency(4)
                .journal(out.resolve("journal.jsonl")).build(Paragraphs.make(Integer.parseInt(args[1]), 4));
        DatasetWriter.jsonl().write(out.resolve("train.jsonl"), r.samples());
    }
}
