package dev.novelkit.core.job;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.CancelledException;
import dev.novelkit.core.progress.Progress;
import dev.novelkit.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTest {
    @Test
    void the_result_and_progress_come_from_the_work() {
        List<Progress> seen = new CopyOnWriteArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(Progress p) {
                seen.add(p);
            }
        };
        try (Job<String> job = Job.start("counting", listener, (c, l) -> {
            l.onProgress(Progress.of("count", 1, 1));
            return "done";
        })) {
            assertThat(job.await()).isEqualTo("done");
            assertThat(job.result()).isCompletedWithValue("done");
        }
        assertThat(seen).extracting(Progress::task).containsExactly("count");
    }

    @Test
    void a_failure_is_rethrown_as_it_was() {
        BackendException boom = BackendException.builder("swift", "sft failed").exitCode(1).build();
        Job<String> job = Job.start("training", ProgressListener.NONE, (c, l) -> {
            throw boom;
        });
        assertThatThrownBy(job::await).isSameAs(boom);
    }

    @Test
    void cancel_interrupts_blocking_work_and_runs_its_hooks() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean hookRan = new AtomicBoolean();
        Job<String> job = Job.start("assembly", ProgressListener.NONE, (c, l) -> {
            c.onCancel(() -> hookRan.set(true));
            started.countDown();
            Thread.sleep(Duration.ofMinutes(10).toMillis());
            return "never";
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        job.cancel();
        assertThatThrownBy(() -> job.await(Duration.ofSeconds(30))).isInstanceOf(CancelledException.class)
                .hasMessageContaining("assembly");
        assertThat(hookRan).isTrue();
        assertThat(job.isCancelled()).isTrue();
    }

    @Test
    void closing_a_finished_job_still_ends_what_it_keeps_running() {
        AtomicBoolean serverStopped = new AtomicBoolean();
        Job<String> job = Job.start("deploy", ProgressListener.NONE, (c, l) -> {
            c.onCancel(() -> serverStopped.set(true));
            return "http://127.0.0.1:8000/v1";
        });
        assertThat(job.await()).startsWith("http://");
        assertThat(serverStopped).isFalse();
        job.close();
        assertThat(serverStopped).isTrue();
    }

    @Test
    void waiting_longer_than_allowed_names_the_job() {
        CountDownLatch never = new CountDownLatch(1);
        try (Job<String> job = Job.start("export", ProgressListener.NONE, (c, l) -> {
            never.await();
            return "x";
        })) {
            assertThatThrownBy(() -> job.await(Duration.ofMillis(20))).hasMessageContaining("export did not finish");
        }
    }
}
