package dev.novelkit.core.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DecodedTextTest {
    @TempDir
    Path dir;

    @Test
    void a_large_file_splits_the_same_from_its_decoded_chars_as_from_its_text() throws Exception {
        StringBuilder sb = new StringBuilder("《长篇》\r\n");
        for (int ch = 1; sb.length() < 2_000_000; ch++) {
            sb.append("\r\n第").append(ch).append("章 风起\r\n");
            for (int i = 0; i < 200; i++) {
                sb.append("他说：“你好𠀀，天下大势！”\r\n英雄辈出之时，分久必合，合久必分。 ");
            }
        }
        Path file = dir.resolve("long.txt");
        Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(Files.size(file)).isGreaterThan(4 << 20);

        for (NovelSplitter splitter : List.of(NovelSplitter.seedCompatible(), NovelSplitter.sentences())) {
            Novel novel = Novel.read(file);
            List<Paragraph> fromChars = splitter.split(novel);
            String text = novel.text();
            List<Paragraph> fromText = splitter.split(novel);
            List<Paragraph> inMemory = splitter.split(Novel.of(sb.toString()));

            assertThat(novel.text()).isSameAs(text);
            assertThat(text).isEqualTo(sb.toString().replace("\r\n", "\n"));
            assertThat(fromChars).hasSizeGreaterThan(100).isEqualTo(fromText).isEqualTo(inMemory);
            assertThat(novel.chapters()).hasSizeGreaterThan(5);
        }
    }
}
