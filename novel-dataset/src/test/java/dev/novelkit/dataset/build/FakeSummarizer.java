package dev.novelkit.dataset.build;

import dev.novelkit.core.prompt.SampleKind;
import dev.novelkit.core.summary.CharacterNote;
import dev.novelkit.core.summary.StorySummary;
import dev.novelkit.core.summary.Summarizer;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A deterministic summarizer for builder tests: its output depends only on the text; it can sleep a random time,
 * count calls per text and track how many calls run at once. A real Summarizer, not a mock: the builder's logic is
 * what is under test.
 */
class FakeSummarizer implements Summarizer {
    final Map<String, AtomicInteger> summaryCalls = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> briefCalls = new ConcurrentHashMap<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    private final int maxDelayMillis;
    private final long seed;
    volatile BiConsumer<String, Integer> beforeCall = (kind, n) -> { };
    volatile String briefFingerprint = "fake brief";

    FakeSummarizer(int maxDelayMillis, long seed) {
        this.maxDelayMillis = maxDelayMillis;
        this.seed = seed;
    }

    FakeSummarizer() {
        this(0, 0);
    }

    @Override
    public String name() {
        return "fake";
    }

    /** Its answers depend only on the text: one fingerprint per call, the brief's settable. */
    @Override
    public String fingerprint(SampleKind call) {
        return switch (call) {
            case SUMMARY -> "fake summary";
            case BRIEF -> briefFingerprint;
            case CONTINUATION -> throw new IllegalArgumentException("no call");
        };
    }

    @Override
    public StorySummary summarize(String paragraph) {
        try {
            enter("summary", paragraph, summaryCalls);
            String head = paragraph.substring(0, Math.min(6, paragraph.length()));
            return StorySummary.of("测试风格：" + head, List.of(new CharacterNote("甲", head), new CharacterNote("乙", "配角")),
                    "开头" + head, "高潮" + paragraph.length(), "结尾" + head.hashCode());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public String brief(String paragraph) {
        try {
            enter("brief", paragraph, briefCalls);
            return "概括：" + paragraph.substring(0, Math.min(20, paragraph.length()));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void enter(String kind, String paragraph, Map<String, AtomicInteger> counts) {
        int n = calls.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        beforeCall.accept(kind, n);
        counts.computeIfAbsent(paragraph, k -> new AtomicInteger()).incrementAndGet();
        if (maxDelayMillis > 0) {
            int delay = new Random(seed ^ paragraph.hashCode() ^ kind.hashCode()).nextInt(maxDelayMillis + 1);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.novelkit.core.CancelledException("fake call");
            }
        }
    }
}
