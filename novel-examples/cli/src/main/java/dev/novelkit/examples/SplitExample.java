package dev.novelkit.examples;

import dev.novelkit.core.text.Chapter;
import dev.novelkit.core.text.Novel;
import dev.novelkit.core.text.NovelSplitter;
import dev.novelkit.core.text.Paragraph;

import java.util.List;

/** Splits a short built-in novel into paragraphs, sentence-aware and seed-compatible, and prints them. */
public final class SplitExample {
    private SplitExample() {
    }

    public static void main(String[] args) {
        Novel novel = Novel.of("""
                《渡口》

                第一章 夜雨
                　　雨下得很大。林晚把最后一盏灯挂上船头，听见岸边有人喊她。
                　　“姑娘，能渡我过河吗？”说话的是个背着木箱的年轻人。
                　　“这么晚了，你去对岸做什么？”
                第二章 旧钟
                　　陈伯把铜钟翻过来看了很久，手指停在背面一行小字上……他的眼睛一下子红了！
                """);
        System.out.println("title: " + novel.title());
        for (Chapter c : novel.chapters()) {
            System.out.println("chapter " + c.index() + " \"" + c.title() + "\" at " + c.start());
        }

        List<Paragraph> sentences = NovelSplitter.sentences().maxChars(40).split(novel);
        for (Paragraph p : sentences) {
            System.out.printf("[%d] ch%d %s (%d chars) %s%n", p.index(), p.chapter(), p.chapterTitle(), p.length(), p.text());
        }

        List<Paragraph> seed = NovelSplitter.seedCompatible().maxChars(40).split(novel);
        System.out.println("seed-compatible: " + seed.size() + " paragraphs, first: " + seed.get(0).text());
    }
}
