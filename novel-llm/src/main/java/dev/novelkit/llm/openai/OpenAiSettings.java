package dev.novelkit.llm.openai;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.Secrets;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where to reach an OpenAI-compatible server: base URL, API key (may be null for local servers) and model (null
 * means "ask the server's {@code /models} and take the first"), plus {@code source}, a human-readable note of where
 * each value came from (for a CLI to show). {@link #toString()} masks the key.
 *
 * <p>{@link #fromEnv(Map)} resolves, each value on its own:
 * <ul>
 *   <li>base URL: {@code NOVELKIT_LLM_BASE_URL}, else {@code OPENAI_BASE_URL}, else {@code https://api.openai.com/v1}
 *       when {@code OPENAI_API_KEY} is set, else DashScope's compatible endpoint when {@code DASHSCOPE_API_KEY} is
 *       set;</li>
 *   <li>API key: {@code NOVELKIT_LLM_API_KEY}, else (for a DashScope base URL) {@code DASHSCOPE_API_KEY}, else
 *       {@code OPENAI_API_KEY}; {@code DASHSCOPE_API_KEY} is never sent to any other host;</li>
 *   <li>model: {@code NOVELKIT_LLM_MODEL}, else {@code OPENAI_MODEL}, else {@code qwen2-7b-instruct} on DashScope,
 *       else required on api.openai.com, else null (the server's first model).</li>
 * </ul>
 * Blank variables count as unset.
 */
public record OpenAiSettings(String baseUrl, String apiKey, String model, String source) {
    /** DashScope's OpenAI-compatible endpoint. */
    public static final String DASHSCOPE_BASE_URL = "https://dashscope.aliyuncs.com/compatible-mode/v1";
    /** The model used on DashScope when none is named: the seed's base model. */
    public static final String DASHSCOPE_MODEL = "qwen2-7b-instruct";
    /** OpenAI's own endpoint, used when only {@code OPENAI_API_KEY} is set. */
    public static final String OPENAI_BASE_URL = "https://api.openai.com/v1";

    /** Every environment variable {@link #fromEnv(Map)} reads, in order of precedence. */
    public static final List<String> VARIABLES = List.of("NOVELKIT_LLM_BASE_URL", "NOVELKIT_LLM_API_KEY",
            "NOVELKIT_LLM_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL", "DASHSCOPE_API_KEY");

    private static final String GIVEN = "given";

    public OpenAiSettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new InvalidInputException("baseUrl", "is missing (an OpenAI-compatible URL such as http://localhost:8000/v1)");
        }
        baseUrl = baseUrl.strip();
        apiKey = blankToNull(apiKey);
        model = blankToNull(model);
        source = source == null || source.isBlank() ? GIVEN : source;
    }

    /** Settings given directly (source "given"). */
    public static OpenAiSettings of(String baseUrl, String apiKey, String model) {
        return new OpenAiSettings(baseUrl, apiKey, model, GIVEN);
    }

    /** Resolves from the process environment. */
    public static OpenAiSettings fromEnv() {
        return fromEnv(System.getenv());
    }

    /** Resolves from {@code env} as described on this class; nothing usable set → {@link InvalidInputException}. */
    public static OpenAiSettings fromEnv(Map<String, String> env) {
        return resolve(null, null, null, env);
    }

    /**
     * Resolves with explicit values (each may be null; a CLI's {@code --llm-base-url} and {@code --llm-model})
     * winning over {@code env}. No base URL anywhere → {@link InvalidInputException} listing the variables.
     */
    public static OpenAiSettings resolve(String baseUrl, String apiKey, String model, Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        List<String> notes = new ArrayList<>();
        String url;
        String urlFrom;
        if (blankToNull(baseUrl) != null) {
            url = baseUrl;
            urlFrom = GIVEN;
        } else if (get(env, "NOVELKIT_LLM_BASE_URL") != null) {
            url = get(env, "NOVELKIT_LLM_BASE_URL");
            urlFrom = "NOVELKIT_LLM_BASE_URL";
        } else if (get(env, "OPENAI_BASE_URL") != null) {
            url = get(env, "OPENAI_BASE_URL");
            urlFrom = "OPENAI_BASE_URL";
        } else if (get(env, "OPENAI_API_KEY") != null) {
            url = OPENAI_BASE_URL;
            urlFrom = "OpenAI default (OPENAI_API_KEY is set)";
        } else if (get(env, "DASHSCOPE_API_KEY") != null) {
            url = DASHSCOPE_BASE_URL;
            urlFrom = "DashScope default (DASHSCOPE_API_KEY is set)";
        } else {
            throw new InvalidInputException("LLM settings", "no OpenAI-compatible server configured: set "
                    + "NOVELKIT_LLM_BASE_URL (and NOVELKIT_LLM_API_KEY, NOVELKIT_LLM_MODEL), or OPENAI_BASE_URL / "
                    + "OPENAI_API_KEY / OPENAI_MODEL, or DASHSCOPE_API_KEY for DashScope's compatible mode");
        }
        notes.add("base URL from " + urlFrom);
        boolean dashScope = isDashScope(url);

        String key = blankToNull(apiKey);
        String keyFrom = GIVEN;
        List<String> keyVars = dashScope
                ? List.of("NOVELKIT_LLM_API_KEY", "DASHSCOPE_API_KEY", "OPENAI_API_KEY")
                : List.of("NOVELKIT_LLM_API_KEY", "OPENAI_API_KEY");
        for (int i = 0; key == null && i < keyVars.size(); i++) {
            key = get(env, keyVars.get(i));
            keyFrom = keyVars.get(i);
        }
        notes.add(key == null ? "no API key" : "API key from " + keyFrom);

        String name = blankToNull(model);
        String modelFrom = GIVEN;
        if (name == null && get(env, "NOVELKIT_LLM_MODEL") != null) {
            name = get(env, "NOVELKIT_LLM_MODEL");
            modelFrom = "NOVELKIT_LLM_MODEL";
        } else if (name == null && get(env, "OPENAI_MODEL") != null) {
            name = get(env, "OPENAI_MODEL");
            modelFrom = "OPENAI_MODEL";
        } else if (name == null && dashScope) {
            name = DASHSCOPE_MODEL;
            modelFrom = "DashScope default";
        } else if (name == null && host(url).equals("api.openai.com")) {
            throw new InvalidInputException("LLM settings", "no model named for api.openai.com: set "
                    + "NOVELKIT_LLM_MODEL or OPENAI_MODEL (for example gpt-4o-mini)");
        }
        notes.add(name == null ? "model: the server's first" : "model from " + modelFrom);
        return new OpenAiSettings(url, key, name, String.join("; ", notes));
    }

    /** A chat model with these settings (limits, deadlines and the rest at their defaults). */
    public OpenAiChatModel chatModel() {
        return OpenAiChatModel.of(baseUrl).apiKey(apiKey).model(model);
    }

    @Override
    public String toString() {
        return "OpenAiSettings[baseUrl=" + baseUrl + ", apiKey=" + Secrets.mask(apiKey) + ", model="
                + (model == null ? "(server's first)" : model) + ", source=" + source + "]";
    }

    static boolean isDashScope(String url) {
        String host = host(url);
        return host.equals("dashscope.aliyuncs.com") || host.endsWith(".dashscope.aliyuncs.com")
                || host.startsWith("dashscope") && host.endsWith(".aliyuncs.com");
    }

    private static String host(String url) {
        try {
            String host = URI.create(url.strip()).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String get(Map<String, String> env, String name) {
        return blankToNull(env.get(name));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
