package dev.novelkit.examples;

import dev.novelkit.core.llm.TokenCounter;
import dev.novelkit.dataset.clean.CleaningReport;
import dev.novelkit.dataset.clean.DatasetCleaner;
import dev.novelkit.dataset.tokenizer.QwenTokenizer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Cleans a small, deliberately dirty dataset: symbols and boilerplate removed, a duplicate and a near duplicate
 * dropped, token-length filters applied. Pass the Qwen tokenizer (tokenizer.json or model folder) as the argument or
 * in NOVELKIT_TOKENIZER; without one it counts characters instead, and says so.
 */
public final class CleanExample {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("novelkit-clean-example");
        Path input = Files.write(dir.resolve("train.jsonl"), List.of(
                "{\"query\":\"续写下文\",\"response\":\"◆◆第一章◆◆\\n\\n\\n天下大势，分久必合，合久必分。周末七国分争，并入于秦。本章未完，请点击下一页继续阅读>>\"}",
                "{\"query\":\"续写下文\",\"response\":\"天下大势，分久必合，合久必分。周末七国分争，并入于秦。\"}",
                "{\"query\":\"续写下文\",\"response\":\"及秦灭之后，楚、汉分争，又并入于汉。汉朝自高祖斩白蛇而起义，一统天下，后来光武中兴，传至献帝，遂分为三国。\"}",
                "{\"query\":\"续写下文\",\"response\":\"及秦灭之后，楚、汉分争，又并入于汉。汉朝自高祖斩白蛇而起义，一统天下，后来光武中兴，传至献帝，遂分为二国。\"}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"续写下文\"},{\"role\":\"assistant\",\"content\":\"好。\"}]}",
                "{\"instruction\":\"续写下文\",\"input\":\"\",\"output\":\"推其致乱之由，殆始于桓、灵二帝。天才一秒记住本站地址：www.example.com\"}"),
                StandardCharsets.UTF_8);

        String tokenizerPath = args.length > 0 ? args[0] : System.getenv("NOVELKIT_TOKENIZER");
        QwenTokenizer qwen = tokenizerPath == null ? null : QwenTokenizer.load(Path.of(tokenizerPath));
        TokenCounter counter = qwen;
        if (qwen == null) {
            System.out.println("No Qwen tokenizer given (argument or NOVELKIT_TOKENIZER): counting CHARACTERS, not tokens.");
            counter = new TokenCounter() {
                @Override
                public int count(String text) {
                    return text.codePointCount(0, text.length());
                }

                @Override
                public String toString() {
                    return "characters, not tokens";
                }
            };
        }

        CleaningReport report = DatasetCleaner.defaults()
                .tokenCounter(counter)
                .responseTokens(8, 2048)
                .clean(input, dir.resolve("train.clean.jsonl"));
        System.out.print(report.render());
        System.out.println("kept:");
        Files.readAllLines(dir.resolve("train.clean.jsonl")).forEach(line -> System.out.println("  " + line));
        if (qwen != null) {
            qwen.close();
        }
    }
}
