package dev.novelkit.llm.generate;

import dev.novelkit.core.llm.ChatMessage;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.llm.ChatResponse;
import dev.novelkit.core.llm.ChatStream;
import dev.novelkit.core.llm.FinishReason;
import dev.novelkit.core.llm.GenerationOptions;
import dev.novelkit.core.llm.TokenUsage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A chat model that answers from a script: each call takes the next answer (a list of pieces), streams it lazily
 * and records what it was asked, how many pieces were read and whether the stream was closed early. Usage: the
 * prompt counts one token per message character, the answer one token per piece read.
 */
final class ScriptedChatModel implements ChatModel {
    /** One recorded call. */
    static final class Call {
        final List<ChatMessage> messages;
        final GenerationOptions options;
        final List<String> pieces;
        int piecesRead;
        boolean cancelled;

        Call(List<ChatMessage> messages, GenerationOptions options, List<String> pieces) {
            this.messages = messages;
            this.options = options;
            this.pieces = pieces;
        }

        String user() {
            return messages.get(messages.size() - 1).content();
        }
    }

    private final Deque<List<String>> script = new ArrayDeque<>();
    final List<Call> calls = new ArrayList<>();

    ScriptedChatModel answer(String... pieces) {
        script.add(List.of(pieces));
        return this;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public ChatResponse chat(List<ChatMessage> messages, GenerationOptions options) {
        try (ChatStream stream = stream(messages, options)) {
            return stream.response();
        }
    }

    @Override
    public ChatStream stream(List<ChatMessage> messages, GenerationOptions options) {
        if (script.isEmpty()) {
            throw new AssertionError("no scripted answer left for " + messages);
        }
        Call call = new Call(List.copyOf(messages), options, script.poll());
        calls.add(call);
        long promptTokens = messages.stream().mapToLong(m -> m.content().length()).sum();
        return new ChatStream() {
            private final StringBuilder text = new StringBuilder();
            private boolean done;

            @Override
            public Iterator<String> iterator() {
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return !done && !call.cancelled && call.piecesRead < call.pieces.size();
                    }

                    @Override
                    public String next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        String piece = call.pieces.get(call.piecesRead++);
                        text.append(piece);
                        return piece;
                    }
                };
            }

            @Override
            public ChatResponse response() {
                if (!call.cancelled) {
                    while (call.piecesRead < call.pieces.size()) {
                        text.append(call.pieces.get(call.piecesRead++));
                    }
                }
                done = true;
                return new ChatResponse(text.toString(), new TokenUsage(promptTokens, call.piecesRead),
                        call.cancelled ? FinishReason.CANCELLED : FinishReason.STOP, "scripted");
            }

            @Override
            public void close() {
                if (!done && call.piecesRead < call.pieces.size()) {
                    call.cancelled = true;
                }
            }
        };
    }
}
