package dev.novelkit.core.remote;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.RetryPolicy;
import dev.novelkit.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteServiceTest {
    /** Own threads: the common pool may be busy with other tests' work on a small machine. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "remote-service-test");
        t.setDaemon(true);
        return t;
    });
    private static final RetryPolicy FAST = RetryPolicy.defaults().maxRetries(2)
            .initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5));

    private static BackendException throttled(Duration retryAfter) {
        return BackendException.builder("fake", "HTTP 429 rate limited").httpStatus(429).throttled(true)
                .retryAfter(retryAfter).build();
    }

    @Test
    void never_runs_more_units_than_the_limit_and_fills_every_slot() throws Exception {
        RemoteService service = RemoteService.of("fake", RemoteLimits.of(3));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch threeIn = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            results.add(pool.submit(() -> service.run("unit " + n, new Cancellation(), () -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                threeIn.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                running.decrementAndGet();
                return n;
            })));
        }
        assertThat(threeIn.await(30, TimeUnit.SECONDS)).isTrue();
        RemoteStats during = service.stats();
        release.countDown();
        for (int i = 0; i < 8; i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
        }
        pool.shutdown();
        assertThat(peak.get()).isEqualTo(3);
        assertThat(during.inFlight()).isEqualTo(3);
        assertThat(service.stats().finished()).isEqualTo(8);
        assertThat(service.stats().inFlight()).isZero();
    }

    @Test
    void throttled_work_is_resubmitted_without_using_up_retries() {
        RemoteService service = RemoteService.of("fake", RemoteLimits.of(1).retryPolicy(FAST));
        AtomicInteger attempts = new AtomicInteger();
        String answer = service.call("create task", new Cancellation(), () -> {
            if (attempts.incrementAndGet() <= 5) {
                throw throttled(Duration.ofMillis(1));
            }
            return "task-1";
        });
        assertThat(answer).isEqualTo("task-1");
        assertThat(attempts.get()).isEqualTo(6);
        assertThat(service.stats().throttles()).isEqualTo(5);
        assertThat(service.stats().retries()).isZero();
    }

    @Test
    void retriable_failures_are_tried_again_up_to_the_policy_then_thrown() {
        RemoteService service = RemoteService.of("fake", RemoteLimits.of(1).retryPolicy(FAST));
        AtomicInteger attempts = new AtomicInteger();
        BackendException boom = BackendException.builder("fake", "HTTP 503 server error").httpStatus(503)
                .retriable(true).build();
        assertThatThrownBy(() -> service.call("x", new Cancellation(), () -> {
            attempts.incrementAndGet();
            throw boom;
        })).isSameAs(boom);
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(service.stats().retries()).isEqualTo(2);
    }

    @Test
    void a_failure_that_cannot_pass_is_thrown_at_once() {
        RemoteService service = RemoteService.of("fake", RemoteLimits.of(1).retryPolicy(FAST));
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> service.call("x", new Cancellation(), () -> {
            attempts.incrementAndGet();
            throw BackendException.forHttpStatus("fake", 401, "bad key");
        })).isInstanceOf(BackendException.class).hasMessageContaining("401");
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void throttling_past_its_budget_fails_with_the_last_refusal() {
        RemoteService service = RemoteService.of("fake", RemoteLimits.of(1).retryPolicy(FAST)
                .throttleBudget(Duration.ofMillis(50)));
        assertThatThrownBy(() -> service.call("x", new Cancellation(), () -> {
            throw throttled(Duration.ofMillis(5));
        })).isInstanceOf(BackendException.class).matches(e -> ((BackendException) e).isThrottled());
    }

    @Test
    void cancelling_ends_a_long_throttle_pause_at_once() throws Exception {
        RemoteService service = RemoteService.of("fake", RemoteLimits.of(1));
        Cancellation cancellation = new Cancellation();
        CountDownLatch refused = new CountDownLatch(1);
        CompletableFuture<Object> result = CompletableFuture.supplyAsync(() -> service.call("shot 1", cancellation, () -> {
            refused.countDown();
            throw throttled(Duration.ofSeconds(60));
        }), THREADS);
        assertThat(refused.await(30, TimeUnit.SECONDS)).isTrue();
        cancellation.cancel();
        assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CancelledException.class)
                .hasMessageContaining("shot 1");
    }

    @Test
    void cancelling_a_unit_waiting_for_a_slot_ends_its_wait() throws Exception {
        RemoteService service = RemoteService.of("fake", RemoteLimits.of(1));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> service.run("a", new Cancellation(), () -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "a";
        }), THREADS);
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        Cancellation cancellation = new Cancellation();
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> service.run("b", cancellation, () -> "b"), THREADS);
        while (service.stats().waiting() == 0) {
            Thread.onSpinWait();
        }
        cancellation.cancel();
        assertThatThrownBy(() -> second.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CancelledException.class);
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(service.run("c", new Cancellation(), () -> "c")).isEqualTo("c");
    }

    @Test
    void watchers_hear_every_retry_and_throttled_resubmission_naming_the_request() {
        RemoteService service = RemoteService.of("fake", RemoteLimits.of(1).retryPolicy(FAST));
        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        try (RemoteService.Watch ignored = service.watch(listener(messages))) {
            service.call("POST http://127.0.0.1/v1/x", new Cancellation(), () -> {
                int n = attempts.incrementAndGet();
                if (n == 1) {
                    throw throttled(Duration.ofMillis(1));
                }
                if (n == 2) {
                    throw BackendException.builder("fake", "HTTP 503 server error").retriable(true).build();
                }
                return "ok";
            });
        }
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).startsWith("fake: POST http://127.0.0.1/v1/x refused for now (HTTP 429 rate limited)");
        assertThat(messages.get(1)).startsWith("fake: POST http://127.0.0.1/v1/x failed (HTTP 503 server error); retry 1 of 2");
    }

    @Test
    void a_request_waiting_past_the_slow_threshold_is_reported_while_it_waits() throws Exception {
        RemoteService service = RemoteService.of("slow", RemoteLimits.of(1));
        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch reported = new CountDownLatch(1);
        ProgressListener l = new ProgressListener() {
            @Override
            public void onMessage(String m) {
                messages.add(m);
                reported.countDown();
            }
        };
        try (RemoteService.Watch ignored = service.watch(l)) {
            String answer = service.call("GET http://127.0.0.1:9/v1/models", new Cancellation(), () -> {
                try {
                    // the request "hangs" until the watchdog has said that it is waiting
                    assertThat(reported.await(60, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return "models";
            });
            assertThat(answer).isEqualTo("models");
        }
        assertThat(messages.get(0)).startsWith("waiting for slow: GET http://127.0.0.1:9/v1/models (").endsWith("so far)");
    }

    @Test
    void a_held_slot_counts_as_in_flight_until_it_is_closed() {
        RemoteService service = RemoteService.of("fake", RemoteLimits.of(2));
        RemoteService.Slot slot = service.hold("stream", new Cancellation());
        assertThat(service.stats().inFlight()).isEqualTo(1);
        slot.close();
        slot.close();
        assertThat(service.stats().inFlight()).isZero();
        assertThat(service.run("a", new Cancellation(), () -> "a")).isEqualTo("a");
    }

    @Test
    void a_tally_counts_the_retries_and_throttles_of_the_work_on_its_thread() {
        RemoteService service = RemoteService.of("fake", RemoteLimits.of(1).retryPolicy(FAST));
        AtomicInteger attempts = new AtomicInteger();
        try (RemoteTally outer = RemoteTally.open()) {
            try (RemoteTally inner = RemoteTally.open()) {
                service.runCall("x", new Cancellation(), () -> {
                    int n = attempts.incrementAndGet();
                    if (n <= 2) {
                        throw throttled(Duration.ofMillis(1));
                    }
                    if (n == 3) {
                        throw BackendException.builder("fake", "HTTP 502").retriable(true).build();
                    }
                    return "ok";
                });
                assertThat(inner.throttles()).isEqualTo(2);
                assertThat(inner.retries()).isEqualTo(1);
                assertThat(inner.serviceTime()).isPositive();
            }
            assertThat(outer.throttles()).isEqualTo(2);
            assertThat(outer.retries()).isEqualTo(1);
        }
    }

    private static ProgressListener listener(List<String> messages) {
        return new ProgressListener() {
            @Override
            public void onMessage(String m) {
                messages.add(m);
            }
        };
    }
}
