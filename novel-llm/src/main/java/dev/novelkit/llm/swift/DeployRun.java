package dev.novelkit.llm.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.llm.swift.internal.Failures;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starting a server for {@link SwiftDeployment#start}: launch it, learn the port it listens on from its own log
 * ({@code Uvicorn running on http://HOST:PORT}), and wait until {@code GET /v1/models} answers there. The port asked
 * for is polled before the log names one only when NovelKit knows nothing else listens on it.
 */
final class DeployRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("Uvicorn running on https?://(\\[[^]]+]|[^:/\\s]+):(\\d+)");

    private final SwiftDeployment d;
    private final SwiftCommand command;
    private final int requestedPort;
    private final int askedPort;
    private final boolean askedPortIsOurs;
    private final String what;
    private final SwiftLogParser parser = new SwiftLogParser();
    private volatile int loggedPort = -1;

    /**
     * @param requestedPort   the port the caller wanted (or NovelKit picked)
     * @param askedPort       the port on the command line
     * @param askedPortIsOurs whether nothing else listened on {@code askedPort} when it was chosen
     */
    DeployRun(SwiftDeployment d, SwiftCommand command, int requestedPort, int askedPort, boolean askedPortIsOurs) {
        this.d = d;
        this.command = command;
        this.requestedPort = requestedPort;
        this.askedPort = askedPort;
        this.askedPortIsOurs = askedPortIsOurs;
        this.what = d.server == SwiftDeployment.Server.VLLM_SERVE ? "vllm serve" : "swift deploy";
    }

    DeployedModel run(Cancellation cancellation, ProgressListener listener) {
        command.notes().forEach(listener::onMessage);
        SwiftListener lines = listener instanceof SwiftListener o ? o : null;
        Launch launch = Launch.piped(what, command, cancellation, d.process.stopGrace(), line -> {
            parser.accept(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                loggedPort = Integer.parseInt(m.group(2));
            }
            if (lines != null) {
                lines.onOutput(line);
            }
        });
        listener.onMessage("started " + what + " (pid " + launch.child.pid() + "), asking for port " + askedPort);
        try {
            Ready ready = awaitReady(launch, cancellation, listener);
            DeployedModel model = new DeployedModel(launch.child, command, ready.baseUrl, ready.port, ready.name,
                    d.apiKey, launch.exit);
            cancellation.onCancel(model::closeChatModel); // stays registered: closing the job stops the server
            if (ready.port != requestedPort) {
                listener.onMessage(what + " listens on port " + ready.port + " (" + requestedPort + " was taken)");
            }
            listener.onMessage("serving '" + ready.name + "' at " + ready.baseUrl);
            return model;
        } catch (RuntimeException e) {
            launch.stop();
            throw e;
        }
    }

    private record Ready(String baseUrl, int port, String name) {
    }

    private Ready awaitReady(Launch launch, Cancellation cancellation, ProgressListener listener) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String connectHost = d.host.equals("0.0.0.0") || d.host.equals("::") ? "127.0.0.1" : d.host;
        String hostPart = connectHost.contains(":") ? "[" + connectHost + "]" : connectHost;
        long start = System.nanoTime();
        long timeoutNanos = d.startupTimeout.toNanos();
        while (true) {
            if (cancellation.isCancelled()) {
                throw new CancelledException("starting " + what);
            }
            if (launch.exit.isDone()) {
                int code = launch.exit.join();
                throw BackendException.builder("swift", what.replace("swift ", "") + " exited with code " + code
                        + " before answering /v1/models: " + Failures.cause(code, parser))
                        .exitCode(code).outputTail(launch.child.tail()).build();
            }
            int logged = loggedPort;
            int candidate = logged > 0 ? logged : askedPortIsOurs ? askedPort : -1;
            String base = "http://" + hostPart + ":" + candidate + "/v1";
            if (candidate > 0) {
                Ready ready = probe(http, base, candidate, logged > 0, listener);
                if (ready != null) {
                    return ready;
                }
            }
            long elapsed = System.nanoTime() - start;
            if (elapsed > timeoutNanos) {
                throw BackendException.builder("swift", what + " did not answer " + (candidate > 0 ? base + "/models"
                        : "/v1/models (its log named no port)") + " within " + String.format(Locale.ROOT, "%.1f",
                        d.startupTimeout.toMillis() / 1000.0) + " s; stopped it").retriable(true)
                        .outputTail(launch.child.tail()).build();
            }
            listener.onProgress(new Progress("deploy", elapsed / 1_000_000_000L, d.startupTimeout.toSeconds(),
                    candidate > 0 ? "waiting for " + base + "/models" : "waiting for " + what + " to say its port"));
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("starting " + what);
            }
        }
    }

    /** The server ready at {@code base}, or null when it does not answer as ours yet. */
    private Ready probe(HttpClient http, String base, int port, boolean named, ProgressListener listener) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/models")).timeout(Duration.ofSeconds(5)).GET();
        if (d.apiKey != null) {
            req.header("Authorization", "Bearer " + d.apiKey);
        }
        try {
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                throw BackendException.forHttpStatus("swift", r.statusCode(), "the server at " + base
                        + " rejected the API key");
            }
            if (r.statusCode() != 200) {
                return null;
            }
            List<String> ids = modelIds(r.body());
            if (ids.contains(d.servedModelName)) {
                return new Ready(base, port, d.servedModelName);
            }
            if (!named && !ids.isEmpty()) {
                return null; // something answers on the port asked for, but not as this deployment: wait for the log
            }
            if (!ids.isEmpty()) {
                listener.onMessage("the server lists " + ids + ", not '" + d.servedModelName + "': using '" + ids.get(0) + "'");
                return new Ready(base, port, ids.get(0));
            }
            return new Ready(base, port, d.servedModelName);
        } catch (IOException notYet) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("starting " + what);
        }
    }

    private static List<String> modelIds(String body) {
        List<String> ids = new ArrayList<>();
        try {
            for (JsonNode m : JSON.readTree(body).path("data")) {
                if (m.path("id").isTextual()) {
                    ids.add(m.path("id").asText());
                }
            }
        } catch (IOException e) {
            // not a model list: no names
        }
        return ids;
    }
}
