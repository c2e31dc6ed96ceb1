package dev.novelkit.media.prompt;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.GenerationOptions;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Translates prompt pieces into English through a {@link ChatModel}, once per distinct input text. Thread-safe. */
final class PromptTranslator {
    static final String SYSTEM = "You translate Chinese descriptions into English for an image-generation prompt. "
            + "Reply with the English translation only: no Chinese characters, no quotation marks, no notes, "
            + "no explanations. Keep names as pinyin, keep commas between phrases, keep it concise.";
    private static final Pattern LABEL = Pattern.compile("^(?i)(english( translation)?|translation)\\s*[:：]\\s*");
    private static final GenerationOptions OPTIONS = GenerationOptions.defaults().temperature(0.1).maxTokens(512);

    private final ChatModel model;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    PromptTranslator(ChatModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** {@code text} in English; text with no CJK characters comes back unchanged without a model call. */
    String translate(String text) {
        if (text == null || text.isBlank() || !hasCjk(text)) {
            return text;
        }
        String hit = cache.get(text);
        if (hit != null) {
            return hit;
        }
        String answer = model.chat(List.of(ChatMessage.system(SYSTEM), ChatMessage.user(text)), OPTIONS).text();
        String english = tidy(answer);
        if (english.isEmpty()) {
            throw BackendException.builder(model.name(), "translator returned no text for \"" + text + "\"").build();
        }
        String previous = cache.putIfAbsent(text, english);
        return previous == null ? english : previous;
    }

    int cachedEntries() {
        return cache.size();
    }

    static String tidy(String answer) {
        String s = answer == null ? "" : answer.strip();
        s = LABEL.matcher(s).replaceFirst("");
        int nl = s.indexOf("\n\n");
        if (nl > 0) {
            s = s.substring(0, nl);
        }
        s = s.replaceAll("[\\r\\n]+", " ").strip();
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("“") && s.endsWith("”"))) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    static boolean hasCjk(String s) {
        return s.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }
}
