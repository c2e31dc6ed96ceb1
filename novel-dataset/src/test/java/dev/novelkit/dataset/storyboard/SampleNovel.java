package dev.novelkit.dataset.storyboard;

import dev.novelkit.core.story.StoryText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The bundled sample novel, cut at its 第…章 headings (tests only). */
final class SampleNovel {
    static final Path FILE = Path.of("../novel-examples/novelkit/src/main/resources/samples/dukou-denghuo.txt");

    private SampleNovel() {
    }

    static StoryText load() throws IOException {
        String text = Files.readString(FILE, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^第.{1,4}章.*$").matcher(text);
        List<StoryText.Part> parts = new ArrayList<>();
        int start = -1;
        String heading = "";
        while (m.find()) {
            if (start >= 0) {
                parts.add(new StoryText.Part(heading, text.substring(start, m.start())));
            }
            heading = m.group();
            start = m.end();
        }
        parts.add(new StoryText.Part(heading, text.substring(start)));
        return new StoryText(text.lines().findFirst().orElse(""), parts);
    }
}
