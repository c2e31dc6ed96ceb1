package dev.novelkit.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.novelkit.core.story.Character;
import dev.novelkit.core.story.DialogueLine;
import dev.novelkit.core.story.Shot;
import dev.novelkit.core.story.Storyboard;
import dev.novelkit.core.story.StoryboardJson;
import dev.novelkit.media.cast.Cast;
import dev.novelkit.media.cast.CharacterLook;
import dev.novelkit.media.prompt.ImagePromptBuilder;
import dev.novelkit.media.shot.KenBurnsShotRenderer;
import dev.novelkit.media.video.KenBurns;
import dev.novelkit.media.video.VideoFormat;
import dev.novelkit.core.story.CameraMove;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code novelkit video} against fake remote services that record every request: character sheets go out as
 * reference pictures with each character's fixed look in the prompt, and a sheet replaced by the user's picture
 * redoes exactly the shots that character is in.
 */
class VideoReferencesTest {
    @TempDir
    Path dir;
    RecordingMediaServer fake;

    @BeforeEach
    void start() throws Exception {
        Path clip = dir.resolve("fake-clip.mp4");
        BufferedImage still = new BufferedImage(180, 320, BufferedImage.TYPE_INT_RGB);
        KenBurnsShotRenderer.defaults().render(still, KenBurns.of(CameraMove.STATIC), VideoFormat.custom(180, 320, 10),
                1.0, clip, null);
        fake = new RecordingMediaServer(Files.readAllBytes(clip));
    }

    @AfterEach
    void stop() throws Exception {
        fake.close();
    }

    private Path novel() throws Exception {
        try (InputStream in = DemoCommand.class.getResourceAsStream(DemoCommand.SAMPLE)) {
            return Files.write(dir.resolve("novel.txt"), in.readAllBytes());
        }
    }

    private CliProcess.Result video(Map<String, String> env, Path out, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("video", "--input", novel().toString(), "--out", out.toString(),
                "--aspect", "180x320", "--fps", "10", "--voice-backend", "none", "--music", "none"));
        args.addAll(List.of(more));
        CliProcess.Result r = CliProcess.run(env, dir, args.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return r;
    }

    /** The characters a shot's text names (by name or alias), or that the storyboard lists for it. */
    static Set<String> named(Storyboard board, Shot shot) {
        StringBuilder text = new StringBuilder(shot.imageDescription()).append(shot.narration());
        shot.dialogue().forEach(d -> text.append(d.text()));
        Set<String> names = new LinkedHashSet<>();
        for (DialogueLine d : shot.dialogue()) {
            board.character(d.speaker()).ifPresent(c -> names.add(c.name()));
        }
        shot.characters().forEach(n -> board.character(n).ifPresent(c -> names.add(c.name())));
        for (Character c : board.characters()) {
            if (text.indexOf(c.name()) >= 0 || c.aliases().stream().anyMatch(a -> a.length() >= 2 && text.indexOf(a) >= 0)) {
                names.add(c.name());
            }
        }
        return names;
    }

    /** The shot's description as prompts carry it: without the punctuation that ends it. */
    static String action(Shot shot) {
        return shot.imageDescription().replaceAll("[。.，,;；!！、\\s]+$", "");
    }

    /** The recorded image call whose prompt carries {@code shot}'s description. */
    private static RecordingMediaServer.Call editFor(List<RecordingMediaServer.Call> edits, Shot shot) {
        List<RecordingMediaServer.Call> found = edits.stream()
                .filter(c -> c.formField("prompt").contains(action(shot))).toList();
        assertThat(found).as("edits request of " + shot.id()).hasSize(1);
        return found.get(0);
    }

    @Test
    void openai_edits_carry_each_named_characters_sheet_and_look_and_a_replaced_sheet_redoes_only_its_shots()
            throws Exception {
        Map<String, String> env = Map.of("OPENAI_BASE_URL", fake.url("/v1"), "OPENAI_API_KEY", "sk-fake-0123456789");
        Path out = dir.resolve("out");

        video(env, out, "--image-backend", "openai");

        Storyboard board = StoryboardJson.read(out.resolve("storyboard.json"));
        Cast cast = Cast.read(out.resolve("cast.json"));
        List<RecordingMediaServer.Call> edits = fake.calls("POST", "/v1/images/edits");
        List<RecordingMediaServer.Call> generations = fake.calls("POST", "/v1/images/generations");
        int withCharacters = 0;
        for (Shot shot : board.shots()) {
            Set<String> names = named(board, shot);
            if (names.isEmpty()) {
                assertThat(generations).as(shot.id() + " names nobody: a plain generation")
                        .anyMatch(c -> c.json().path("prompt").asText().contains(action(shot)));
                continue;
            }
            withCharacters++;
            RecordingMediaServer.Call edit = editFor(edits, shot);
            List<byte[]> images = edit.files("image[]");
            String prompt = edit.formField("prompt");
            for (String name : names) {
                CharacterLook look = cast.look(name).orElseThrow();
                byte[] sheet = Files.readAllBytes(out.resolve(look.sheet()));
                assertThat(images).as(shot.id() + " carries the sheet of " + name).anyMatch(b -> java.util.Arrays.equals(b, sheet));
                assertThat(prompt).as(shot.id() + " describes " + name + " word for word").contains(look.look());
            }
        }
        assertThat(withCharacters).isGreaterThan(5);
        assertThat(edits).hasSize(withCharacters);
        assertThat(generations.stream().filter(c -> c.json().path("prompt").asText()
                .contains(ImagePromptBuilder.SHEET_ACTION))).hasSize(board.characters().size());

        // The user replaces one character's sheet with their own picture and runs again.
        String who = "沈砚";
        byte[] mine = RecordingMediaServer.png("my own picture of " + who);
        Files.write(out.resolve(cast.look(who).orElseThrow().sheet()), mine);
        Set<String> hisShots = new LinkedHashSet<>();
        board.shots().stream().filter(s -> named(board, s).contains(who)).forEach(s -> hisShots.add(s.id()));
        fake.forget();

        CliProcess.Result again = video(env, out, "--image-backend", "openai", "--vision-model", "fake-vl");

        assertThat(fake.calls("POST", "/v1/images/generations")).as("no sheet or picture made again").isEmpty();
        List<RecordingMediaServer.Call> redone = fake.calls("POST", "/v1/images/edits");
        Set<String> redoneShots = new LinkedHashSet<>();
        for (Shot shot : board.shots()) {
            if (redone.stream().anyMatch(c -> c.formField("prompt").contains(action(shot)))) {
                redoneShots.add(shot.id());
                assertThat(editFor(redone, shot).files("image[]")).anyMatch(b -> java.util.Arrays.equals(b, mine));
            }
        }
        assertThat(redoneShots).isEqualTo(hisShots);
        assertThat(redone).hasSize(hisShots.size());
        assertThat(again.out()).containsPattern("images .* made +" + hisShots.size() + ", reused +"
                + (board.shots().size() - hisShots.size()));
        assertThat(out.resolve(cast.look(who).orElseThrow().sheet())).hasBinaryContent(mine);

        // The vision model compared each shot's characters with their sheets for the report.
        List<RecordingMediaServer.Call> asked = fake.calls("POST", "/v1/chat/completions");
        assertThat(asked).isNotEmpty();
        JsonNode content = asked.get(0).json().path("messages").get(0).path("content");
        assertThat(content.get(1).path("image_url").path("url").asText()).startsWith("data:image/png;base64,");
        JsonNode report = RecordingMediaServer.JSON.readTree(out.resolve("consistency.json").toFile());
        int judged = 0;
        for (JsonNode shot : report.path("shots")) {
            for (JsonNode c : shot.path("characters")) {
                assertThat(c.path("measuredBy").asText()).isEqualTo("vision model fake-vl");
                assertThat(c.path("similarity").asDouble()).isEqualTo(0.9);
                judged++;
            }
        }
        assertThat(judged).isEqualTo(asked.size());
        assertThat(report.path("drifted")).isEmpty();
    }

    @Test
    void with_dashscope_and_kling_shots_with_characters_use_the_sheets_and_the_others_the_plain_endpoints()
            throws Exception {
        Map<String, String> env = Map.of("DASHSCOPE_BASE_URL", fake.url(""), "DASHSCOPE_API_KEY", "sk-ds-fake-0123",
                "KLING_BASE_URL", fake.url(""), "KLING_ACCESS_KEY", "ak-fake-0123456789",
                "KLING_SECRET_KEY", "sk-kling-fake-0123456789");
        Path out = dir.resolve("out");

        CliProcess.Result run = video(env, out, "--image-backend", "wanx", "--shot-backend", "kling", "--max-shots", "6");

        assertThat(run.out()).as("every shot made by Kling").doesNotContain("fell back");
        Storyboard board = StoryboardJson.read(out.resolve("storyboard.json"));
        Cast cast = Cast.read(out.resolve("cast.json"));
        List<RecordingMediaServer.Call> edits = fake.calls("POST", "/api/v1/services/aigc/image2image/image-synthesis");
        List<RecordingMediaServer.Call> plain = fake.calls("POST", "/api/v1/services/aigc/text2image/image-synthesis");
        List<RecordingMediaServer.Call> multi = fake.calls("POST", "/v1/videos/multi-image2video");
        List<RecordingMediaServer.Call> single = fake.calls("POST", "/v1/videos/image2video");
        int withCharacters = 0;
        for (Shot shot : board.shots()) {
            List<String> names = new ArrayList<>(named(board, shot));
            List<RecordingMediaServer.Call> myEdit = edits.stream().filter(c -> c.json().path("input").path("prompt")
                    .asText().contains(action(shot))).toList();
            List<RecordingMediaServer.Call> myPlain = plain.stream().filter(c -> c.json().path("input").path("prompt")
                    .asText().contains(action(shot))).toList();
            List<RecordingMediaServer.Call> myMulti = multi.stream().filter(c -> c.json().path("prompt").asText()
                    .contains(shot.imageDescription())).toList();
            List<RecordingMediaServer.Call> mySingle = single.stream().filter(c -> c.json().path("prompt").asText()
                    .equals(shot.imageDescription())).toList();
            if (names.isEmpty()) {
                assertThat(myPlain).as(shot.id() + " text-to-image").hasSize(1);
                assertThat(mySingle).as(shot.id() + " image-to-video").hasSize(1);
                assertThat(myEdit).isEmpty();
                assertThat(myMulti).isEmpty();
                continue;
            }
            withCharacters++;
            assertThat(myEdit).as(shot.id() + " image editing").hasSize(1);
            assertThat(myMulti).as(shot.id() + " multi-image-to-video").hasSize(1);
            List<String> sent = names.subList(0, Math.min(3, names.size()));
            JsonNode images = myEdit.get(0).json().path("input").path("images");
            JsonNode list = myMulti.get(0).json().path("image_list");
            assertThat(images).hasSize(sent.size());
            assertThat(list).hasSize(sent.size() + 1);
            for (int i = 0; i < sent.size(); i++) {
                byte[] sheet = Files.readAllBytes(out.resolve(cast.look(sent.get(i)).orElseThrow().sheet()));
                assertThat(images.get(i).asText()).isEqualTo("data:image/png;base64,"
                        + Base64.getEncoder().encodeToString(sheet));
                assertThat(Base64.getDecoder().decode(list.get(i + 1).path("image").asText())).isEqualTo(sheet);
            }
            for (String name : names) {
                assertThat(myEdit.get(0).json().path("input").path("prompt").asText())
                        .contains(cast.look(name).orElseThrow().look());
            }
        }
        assertThat(withCharacters).isPositive();
        assertThat(withCharacters).isLessThan(board.shots().size());
        JsonNode report = RecordingMediaServer.JSON.readTree(out.resolve("consistency.json").toFile());
        assertThat(report.path("notes").toString()).contains("wan2.5-i2i-preview").contains("multi-image-to-video");
    }
}
