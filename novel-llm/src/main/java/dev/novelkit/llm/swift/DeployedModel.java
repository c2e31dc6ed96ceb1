package dev.novelkit.llm.swift;

import dev.novelkit.core.Secrets;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.llm.openai.OpenAiChatModel;
import dev.novelkit.llm.swift.internal.ChildProcess;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A model being served, the result of the job {@link SwiftDeployment#start} returns: where it answers (the port swift
 * really listens on, which 3.x and 4.x choose themselves when the asked one is taken), the name to put in requests,
 * and a {@link ChatModel} on it. The server runs until that job is closed or cancelled (or it dies on its own:
 * {@link #onExit()}).
 */
public final class DeployedModel {
    private final ChildProcess process;
    private final SwiftCommand command;
    private final String baseUrl;
    private final int port;
    private final String servedModelName;
    private final String apiKey;
    private final CompletableFuture<Integer> exit;
    private OpenAiChatModel chatModel;
    private boolean closed;

    DeployedModel(ChildProcess process, SwiftCommand command, String baseUrl, int port, String servedModelName,
                  String apiKey, CompletableFuture<Integer> exit) {
        this.process = process;
        this.command = command;
        this.baseUrl = baseUrl;
        this.port = port;
        this.servedModelName = servedModelName;
        this.apiKey = apiKey;
        this.exit = exit;
    }

    /** The OpenAI-compatible base URL that answered {@code /v1/models}: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** The model name to put in requests (as listed by {@code /v1/models}). */
    public String servedModelName() {
        return servedModelName;
    }

    /**
     * The served model as a {@link ChatModel}: an {@link OpenAiChatModel} on {@link #baseUrl()} with
     * {@link #servedModelName()} (and the API key, if one was set). One shared instance, closed when the server stops.
     */
    public synchronized ChatModel chatModel() {
        if (chatModel == null) {
            if (closed) {
                throw new IllegalStateException("the deployment at " + baseUrl + " was stopped");
            }
            chatModel = OpenAiChatModel.of(baseUrl).model(servedModelName).apiKey(apiKey);
        }
        return chatModel;
    }

    /** Whether the server process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the server's exit code when it ends (its job closed or cancelled, a crash, Ctrl-C). */
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    /** The last 50 lines the server printed (secrets masked). */
    public List<String> outputTail() {
        return process.tail();
    }

    /** The command that runs. */
    public SwiftCommand command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    /** Closes the chat model; the job's stop hook calls it before ending the process tree. */
    synchronized void closeChatModel() {
        closed = true;
        if (chatModel != null) {
            chatModel.close();
        }
    }

    @Override
    public String toString() {
        return "DeployedModel[" + baseUrl + ", model " + servedModelName
                + (apiKey == null ? "" : ", key " + Secrets.mask(apiKey)) + "]";
    }
}
