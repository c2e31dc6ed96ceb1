package dev.novelkit.dataset.build;

import dev.novelkit.core.text.Paragraph;

import java.util.ArrayList;
import java.util.List;

/** Test paragraphs: distinct Chinese texts, longer than the 500-character continuation context. */
final class Paragraphs {
    private Paragraphs() {
    }

    static List<Paragraph> make(int count, int perChapter) {
        List<Paragraph> out = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder("第" + i + "段。");
            int k = 0;
            while (b.length() < 620) {
                b.append("林晚秋在雨里走了").append(i * 31 + k++).append("步，沈砚说：“回去吧！”她没有回头。");
            }
            String text = b.toString();
            out.add(new Paragraph(i, i / perChapter, "第" + (i / perChapter + 1) + "章", text, offset, offset + text.length()));
            offset += text.length();
        }
        return out;
    }
}
