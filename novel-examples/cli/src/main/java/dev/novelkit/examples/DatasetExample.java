package dev.novelkit.examples;

import dev.novelkit.core.text.Novel;
import dev.novelkit.core.text.NovelSplitter;
import dev.novelkit.core.text.Paragraph;
import dev.novelkit.dataset.build.DatasetBuilder;
import dev.novelkit.dataset.build.DatasetResult;
import dev.novelkit.dataset.build.Sample;
import dev.novelkit.dataset.io.DatasetWriter;
import dev.novelkit.dataset.summary.offline.OfflineSummarizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the seed's three kinds of fine-tuning samples from a short built-in text with the offline (HanLP)
 * summarizer, prints them and writes them as swift JSON Lines. Runs offline.
 */
public final class DatasetExample {
    static final String TEXT = """
            第一章 雨夜

            青石镇的雨下了整整三天。林晚秋撑着油纸伞穿过长街，替师父给城外的陈伯送药。药铺的门半掩着，沈砚正蹲在柜台后面整理药材。
            “这么大的雨，你怎么还出门？”沈砚皱眉道。林晚秋笑着说：“陈伯的咳嗽又犯了，师父让我把新配的药送过去。”
            两人刚走到镇口，就看见一个穿黑衣的陌生人站在老槐树下。“姑娘，请问陈伯住在哪里？”黑衣人问。
            林晚秋愣住了。沈砚挡在她的前面：“你找陈伯做什么？”黑衣人摘下斗笠：“我叫苏远山，是陈伯的故人。有人要杀他！”

            第二章 城隍庙

            三人赶到河边的小屋，屋里却空无一人。墙角的泥地上，有人用木炭写了三个字：城隍庙。
            “是陈伯写的。”沈砚说，“他在告诉我们去哪里找他。”林晚秋把药包塞进怀里：“那我们就去城隍庙。”
            城隍庙的门虚掩着，烛火在风里摇晃。苏远山拔出短刀，低声说：“跟紧我。”
            """;

    public static void main(String[] args) throws Exception {
        List<Paragraph> paragraphs = NovelSplitter.sentences().maxChars(200).split(Novel.of(TEXT));

        DatasetResult result = DatasetBuilder.of(OfflineSummarizer.defaults()).build(paragraphs);

        for (Sample s : result.samples()) {
            System.out.println("[" + s.kind() + " ← paragraph " + s.paragraph() + "]");
            System.out.println("query:    " + s.query().replace("\n", "\n          "));
            System.out.println("response: " + s.response());
            System.out.println();
        }
        Path file = Files.createTempDirectory("novelkit-dataset").resolve("train.jsonl");
        DatasetWriter.jsonl().write(file, result.samples());
        System.out.println(result.samples().size() + " samples from " + result.paragraphs() + " paragraphs in "
                + result.elapsed().toMillis() + " ms -> " + file);
    }
}
