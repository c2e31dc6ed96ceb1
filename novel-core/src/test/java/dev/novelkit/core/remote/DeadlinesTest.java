package dev.novelkit.core.remote;

import dev.novelkit.core.BackendException;
import dev.novelkit.core.InvalidSettingException;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlinesTest {
    @Test
    void one_timeout_bounds_the_first_byte_and_the_whole_call_and_the_connection_at_most() {
        Deadlines d = Deadlines.of(Duration.ofSeconds(3));
        assertThat(d).isEqualTo(new Deadlines(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3)));
        assertThat(Deadlines.of(Duration.ofMinutes(15)).connect()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> Deadlines.of(Duration.ZERO)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void giving_up_names_the_server_and_the_deadline_that_passed() {
        Deadlines d = Deadlines.DEFAULT.firstByte(Duration.ofSeconds(2));
        String where = "POST http://127.0.0.1:4567/v1/chat/completions";

        BackendException read = d.timedOut("openai", where, new SocketTimeoutException("timeout"));
        BackendException connect = d.timedOut("openai", where, new SocketTimeoutException("Connect timed out"));
        BackendException total = d.timedOut("openai", where, new InterruptedIOException("timeout"));

        assertThat(read).hasMessageStartingWith("openai: no answer from " + where + " within the first-byte deadline of 2 s");
        assertThat(connect).hasMessageContaining("could not connect to " + where + " within the connect deadline of 10 s");
        assertThat(total).hasMessageContaining("within the total deadline of 10 min");
        assertThat(read.isRetriable()).isTrue();
    }
}
