package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.config.Require;
import dev.novelkit.core.config.Settings;
import dev.novelkit.core.progress.ProgressListener;
import dev.novelkit.core.remote.Deadlines;
import dev.novelkit.core.remote.RemoteLimits;
import dev.novelkit.core.remote.RemoteService;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How hard and how long the command line lets one kind of remote backend work ("image", "shot", "voice", "llm"),
 * from the layered settings: {@code KIND.timeout} (else {@code timeout}; the flag {@code --timeout}, the variable
 * {@code NOVELKIT_TIMEOUT}), {@code KIND.max.in.flight} ({@code --shot-max-in-flight},
 * {@code NOVELKIT_SHOT_MAX_IN_FLIGHT}), {@code KIND.poll.interval} and {@code KIND.retries}. What is not set keeps the
 * backend's own default.
 */
record RemoteOptions(Optional<Duration> timeout, OptionalInt maxInFlight, Optional<Duration> pollInterval,
                     OptionalInt retries) {
    /** Nothing set: every backend default applies. */
    static RemoteOptions none() {
        return new RemoteOptions(Optional.empty(), OptionalInt.empty(), Optional.empty(), OptionalInt.empty());
    }

    /** A global {@code --timeout} only (commands without the other settings). */
    static RemoteOptions timeout(String value) {
        return value == null ? none() : new RemoteOptions(Optional.of(Deadlines.parseDuration("--timeout", value)),
                OptionalInt.empty(), Optional.empty(), OptionalInt.empty());
    }

    static RemoteOptions of(Settings s, String kind) {
        Optional<Settings.Value> t = s.find(kind + ".timeout").or(() -> s.find("timeout"));
        Optional<Duration> timeout = t.map(v -> Deadlines.parseDuration(v.source(), v.value()));
        OptionalInt inFlight = positive(s, kind + ".max.in.flight", 1);
        Optional<Settings.Value> poll = s.find(kind + ".poll.interval");
        OptionalInt retries = positive(s, kind + ".retries", 0);
        return new RemoteOptions(timeout, inFlight,
                poll.map(v -> Deadlines.parseDuration(v.source(), v.value())), retries);
    }

    private static OptionalInt positive(Settings s, String key, int min) {
        Optional<Settings.Value> v = s.find(key);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        int n;
        try {
            n = Integer.parseInt(v.get().value());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(v.get().source(), "not a whole number: " + v.get().value());
        }
        return OptionalInt.of(Require.atLeast(v.get().source(), n, min));
    }

    /** {@code fallback}, or one deadline for everything when a timeout was set. */
    Deadlines deadlines(Deadlines fallback) {
        return timeout.map(Deadlines::of).orElse(fallback);
    }

    /** {@code fallback} with the in-flight bound and retries that were set. */
    RemoteLimits limits(RemoteLimits fallback) {
        RemoteLimits l = fallback;
        if (maxInFlight.isPresent()) {
            l = l.maxInFlight(maxInFlight.getAsInt());
        }
        if (retries.isPresent()) {
            l = l.retryPolicy(l.retryPolicy().maxRetries(retries.getAsInt()));
        }
        return l;
    }

    /** These options with the retries a command's own flag gives (null: unchanged). */
    RemoteOptions retries(Integer value) {
        return value == null ? this : new RemoteOptions(timeout, maxInFlight, pollInterval,
                OptionalInt.of(Require.between("--retries", value, 0, 10)));
    }

    /**
     * Lets {@code listener} hear what the services do (retries, throttling, requests waiting longer than a few
     * seconds) until the returned handle is closed: no remote wait is silent.
     */
    static AutoCloseable watch(ProgressListener listener, List<Optional<RemoteService>> services) {
        List<RemoteService.Watch> watches = new ArrayList<>();
        services.stream().flatMap(Optional::stream).distinct().forEach(s -> watches.add(s.watch(listener)));
        return () -> watches.forEach(RemoteService.Watch::close);
    }
}
