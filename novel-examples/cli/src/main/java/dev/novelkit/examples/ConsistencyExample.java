package dev.novelkit.examples;

import dev.novelkit.core.story.Storyboard;
import dev.novelkit.core.story.StoryboardJson;
import dev.novelkit.media.cast.Cast;
import dev.novelkit.media.cast.CharacterLook;
import dev.novelkit.pipeline.NovelToVideo;
import dev.novelkit.pipeline.VideoRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The same character in every shot: run the offline job, read the canonical looks (OUT/cast.json) and the
 * consistency report (OUT/consistency.md), then redo one shot alone. With a remote image backend
 * ({@code .images(OpenAiImageGenerator.fromEnv(System.getenv()).build())}) each shot's picture is an edit that
 * carries the sheets in OUT/characters/ of the characters it shows; put your own picture there to change a
 * character, and only that character's shots are made again.
 */
public final class ConsistencyExample {
    public static void main(String[] args) throws Exception {
        Path novel = Path.of(args.length > 0 ? args[0] : "novel.txt");
        Path out = Path.of(args.length > 1 ? args[1] : "consistency-out");

        VideoRun run = NovelToVideo.offline().run(novel, out);
        System.out.println(run.render());

        Storyboard board = StoryboardJson.read(out.resolve("storyboard.json"));
        Cast cast = Cast.read(out.resolve("cast.json"));
        for (CharacterLook look : cast.looks()) {
            System.out.println(look.look() + "  →  " + out.resolve(look.sheet()));
        }
        board.shots().stream().limit(3).forEach(shot -> System.out.println(shot.id() + " shows "
                + cast.inShot(board, shot).stream().map(CharacterLook::name).toList()));
        System.out.println(Files.readString(out.resolve("consistency.md")));

        // Make the first shot's picture again, reusing everything else.
        VideoRun again = NovelToVideo.offline().redoShots(List.of("1")).run(novel, out);
        System.out.println(again.render());
    }
}
