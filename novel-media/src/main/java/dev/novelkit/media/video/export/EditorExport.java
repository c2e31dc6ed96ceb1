package dev.novelkit.media.video.export;

import dev.novelkit.core.Cancellation;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.io.AtomicFiles;
import dev.novelkit.core.job.Job;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.media.shot.KenBurnsShotRenderer;
import dev.novelkit.media.video.Timeline;
import dev.novelkit.media.video.export.internal.CutPlanner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Hands a {@link Timeline} to video editors: writes {@code FOLDER/project.mlt} (Shotcut, Kdenlive),
 * {@code project.fcpxml} (Final Cut Pro, DaVinci Resolve), {@code project.otio} (OpenTimelineIO) and
 * {@code project.srt}, every one referring to real media by paths relative to the folder: stills are rendered with
 * their Ken Burns move to {@code FOLDER/media/shot-NN-*.mp4} (reused by later exports while nothing changed), media
 * outside the folder is copied into {@code media/}. Every media file is checked before anything is written: a
 * missing one fails naming it and exports nothing. Immutable: every setting returns a new instance.
 *
 * <pre>{@code
 * ExportResult r = EditorExport.of(EditorExporter.parse("mlt,fcpxml,otio")).export(timeline, Path.of("out"));
 * }</pre>
 */
public final class EditorExport {
    private final List<EditorExporter> exporters;
    private final String projectName;
    private final KenBurnsShotRenderer renderer;
    private final boolean collectMedia;

    private EditorExport(List<EditorExporter> exporters, String projectName, KenBurnsShotRenderer renderer,
                         boolean collectMedia) {
        this.exporters = exporters;
        this.projectName = projectName;
        this.renderer = renderer;
        this.collectMedia = collectMedia;
    }

    /** Exports with {@code exporters} (at least one), projects named "project", media collected into the folder. */
    public static EditorExport of(List<EditorExporter> exporters) {
        Require.nonNull("exporters", exporters);
        Require.that(!exporters.isEmpty(), "exporters", exporters, "needs at least one exporter");
        Map<String, EditorExporter> byExtension = new LinkedHashMap<>();
        for (EditorExporter e : exporters) {
            Require.nonNull("exporters", e);
            Require.that(byExtension.put(e.extension(), e) == null, "exporters", e.name(),
                    "two exporters write ." + e.extension());
        }
        return new EditorExport(List.copyOf(exporters), "project", KenBurnsShotRenderer.defaults(), true);
    }

    /** Exports with {@code exporters} (at least one). */
    public static EditorExport of(EditorExporter... exporters) {
        return of(List.of(exporters));
    }

    /** MLT, FCPXML and OpenTimelineIO. */
    public static EditorExport all() {
        return of(new MltExporter(), new FcpxmlExporter(), new OtioExporter());
    }

    /** The projects' file name without extension (default "project"). */
    public EditorExport projectName(String value) {
        Require.nonBlank("projectName", value);
        Require.that(!value.contains("/") && !value.contains("\\") && !value.startsWith("."), "projectName", value,
                "must be a plain file name");
        return new EditorExport(exporters, value.strip(), renderer, collectMedia);
    }

    /** Renders stills with their Ken Burns move (default {@link KenBurnsShotRenderer#defaults()}). */
    public EditorExport shotRenderer(KenBurnsShotRenderer value) {
        return new EditorExport(exporters, projectName, Require.nonNull("shotRenderer", value), collectMedia);
    }

    /**
     * Whether media outside the project folder is copied into its {@code media/} folder (default true), so the
     * folder can be moved as a whole; false refers to it where it is.
     */
    public EditorExport collectMedia(boolean value) {
        return new EditorExport(exporters, projectName, renderer, value);
    }

    /** The exporters, in order. */
    public List<EditorExporter> exporters() {
        return exporters;
    }

    /** Exports {@code timeline} into {@code folder} and waits. */
    public ExportResult export(Timeline timeline, Path folder) {
        return start(timeline, folder, ProgressListener.NONE).await();
    }

    /** Starts exporting {@code timeline} into {@code folder} on a worker thread. */
    public Job<ExportResult> start(Timeline timeline, Path folder, ProgressListener listener) {
        return start(timeline, folder, listener, new Cancellation());
    }

    /** As {@link #start(Timeline, Path, ProgressListener)}, with a cancellation the caller also holds. */
    public Job<ExportResult> start(Timeline timeline, Path folder, ProgressListener listener, Cancellation cancellation) {
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(folder, "folder");
        ProgressListener l = listener == null ? ProgressListener.NONE : listener;
        return Job.start("export", l, cancellation, (c, progress) -> run(timeline, folder, progress, c));
    }

    private ExportResult run(Timeline timeline, Path folder, ProgressListener listener, Cancellation cancellation) {
        long t0 = System.nanoTime();
        Path dir = folder.toAbsolutePath().normalize();
        CutPlanner planner = new CutPlanner(timeline, dir, "media", renderer, collectMedia, listener, cancellation);
        boolean done = false;
        try {
            Path srt = dir.resolve(projectName + ".srt");
            EditorCut cut = planner.plan(srt);
            Map<Path, String> documents = new LinkedHashMap<>();
            for (EditorExporter e : exporters) {
                Path file = dir.resolve(projectName + "." + e.extension());
                documents.put(file, e.write(cut, file));
            }
            cancellation.throwIfCancelled("exporting");
            if (cut.subtitleFile() != null) {
                AtomicFiles.writeString(srt, planner.srt());
            }
            for (Map.Entry<Path, String> d : documents.entrySet()) {
                AtomicFiles.writeString(d.getKey(), d.getValue());
                listener.onMessage("wrote " + d.getKey());
            }
            done = true;
            return new ExportResult(new ArrayList<>(documents.keySet()), cut.subtitleFile(), planner.rendered(),
                    planner.reused(), planner.warnings(), Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            if (!done) {
                removeCreated(planner.created());
            }
        }
    }

    private static void removeCreated(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                // a folder that is not empty, or already gone: keep what cannot be removed
            }
        }
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (EditorExporter e : exporters) {
            names.add(e.name());
        }
        return "EditorExport" + names + "[projectName=" + projectName + ", collectMedia=" + collectMedia + "]";
    }
}
