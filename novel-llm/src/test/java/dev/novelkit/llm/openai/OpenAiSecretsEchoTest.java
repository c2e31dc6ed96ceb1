package dev.novelkit.llm.openai;

import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.progress.ProgressListener;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat model against a server that echoes the request's headers (error bodies, malformed answers, error events
 * in a stream, the model list): the planted key appears in no exception, stack trace, service message or
 * {@code toString()}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OpenAiSecretsEchoTest {
    private static final String KEY = "sk-planted-chat-key-0123456789abcdef";

    @StartStop
    final MockWebServer server = new MockWebServer();
    private final List<String> shown = new CopyOnWriteArrayList<>();

    private void echo(Function<String, MockResponse> answer) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                StringBuilder h = new StringBuilder();
                for (String name : request.getHeaders().names()) {
                    request.getHeaders().values(name).forEach(v -> h.append(name).append(": ").append(v).append("; "));
                }
                return answer.apply(h.toString());
            }
        });
    }

    private void shows(Object what, Runnable call) {
        shown.add(String.valueOf(what));
        try {
            call.run();
        } catch (RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            shown.add(trace.toString());
        }
    }

    @Test
    void the_key_appears_in_no_error_message_or_trace() {
        OpenAiChatModel llm = OpenAiChatModel.of(server.url("/v1").toString()).apiKey(KEY)
                .retryPolicy(RetryPolicy.defaults().maxRetries(1).initialDelay(Duration.ofMillis(1)));
        List<ChatMessage> messages = List.of(ChatMessage.user("你好"));
        try (var watch = llm.remoteService().orElseThrow().watch(new ProgressListener() {
            @Override
            public void onMessage(String m) {
                shown.add(m);
            }
        })) {
            for (int status : new int[] {401, 500}) {
                echo(h -> new MockResponse.Builder().code(status)
                        .body("{\"error\":{\"message\":\"you sent " + h.replace("\"", "'") + "\"}}").build());
                shows(llm, () -> llm.chat("你好", GenerationOptions.defaults()));
                shows(llm, () -> llm.stream(messages, GenerationOptions.defaults()).close());
                shows(llm, llm::listModels);
            }
            echo(h -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body("<html>" + h + "</html>").build());
            shows(llm, () -> llm.chat("你好", GenerationOptions.defaults()));
            shows(llm, llm::listModels);
            echo(h -> new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                    .body("data: {\"error\":{\"message\":\"" + h.replace("\"", "'") + "\",\"code\":400}}\n\n")
                    .build());
            shows(llm, () -> {
                try (ChatStream s = llm.stream(messages, GenerationOptions.defaults())) {
                    s.response();
                }
            });
        }
        String all = String.join("\n", shown);
        assertThat(all).contains("****").doesNotContain(KEY).doesNotContain("Bearer " + KEY);
        assertThat(server.getRequestCount()).isGreaterThan(6);
    }
}
