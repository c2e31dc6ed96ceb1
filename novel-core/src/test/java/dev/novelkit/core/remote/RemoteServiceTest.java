package dev.novelkit.core.remote;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.Cancellation;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.RetryPolicy;
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
        }));
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
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        Cancellation cancellation = new Cancellation();
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> service.run("b", cancellation, () -> "b"));
        while (service.stats().waiting() == 0) {
            Thread.onSpinWait();
        }
        cancellation.cancel();
        assertThatThrownBy(() -> second.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CancelledException.class);
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(service.run("c", new Cancellation(), () -> "c")).isEqualTo("c");
    }
}
