package dev.novelkit.core.remote;

import java.time.Duration;

/**
 * What one remote service is doing and has done: units of work in flight and waiting for a slot now, and since it
 * was created, units finished, retries, throttled resubmissions and the summed service time (the time units spent
 * at the service, which exceeds the wall time when several run at once).
 */
public record RemoteStats(String service, int inFlight, int waiting, long finished, long retries, long throttles,
                          Duration serviceTime) {
    /** A one-line summary, e.g. {@code "kling: 3 in flight, 2 waiting"}. */
    public String activity() {
        return service + ": " + inFlight + " in flight" + (waiting > 0 ? ", " + waiting + " waiting" : "");
    }

    /** The change from {@code earlier} to this (counters and time; current activity as now). */
    public RemoteStats since(RemoteStats earlier) {
        return new RemoteStats(service, inFlight, waiting, finished - earlier.finished, retries - earlier.retries,
                throttles - earlier.throttles, serviceTime.minus(earlier.serviceTime));
    }
}
