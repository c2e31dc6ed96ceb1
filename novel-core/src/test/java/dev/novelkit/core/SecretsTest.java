package dev.novelkit.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ProtocolException;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {
    private static final String KEY = "sk-planted-0123456789abcdef";
    private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhay1wbGFudGVkIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";

    @Test
    void a_credential_header_value_is_redacted_whole_and_in_its_parts() {
        Secrets.Redactor r = Secrets.redactor(KEY).andHeaderValue("Bearer " + JWT);

        String echoed = "bad token: Authorization: Bearer " + JWT + "; payload " + JWT.split("\\.")[1]
                + "; signature " + JWT.split("\\.")[2] + "; key " + KEY;
        String shown = r.redact(echoed);

        assertThat(shown).doesNotContain(JWT).doesNotContain(JWT.split("\\.")[1]).doesNotContain(JWT.split("\\.")[2])
                .doesNotContain(KEY).contains("Authorization: ****");
        assertThat(r.leaks(echoed)).isTrue();
        assertThat(r.leaks(shown)).isFalse();
    }

    @Test
    void an_exception_chain_that_holds_a_secret_is_copied_with_the_secret_masked() {
        Secrets.Redactor r = Secrets.redactor(KEY);
        IOException cause = new ProtocolException("Unexpected status line: HTTP/1.1 200 " + KEY);
        RuntimeException top = new RuntimeException("call failed", cause);

        Throwable safe = r.scrub(top);

        assertThat(safe).isNotSameAs(top).hasMessage("call failed");
        assertThat(safe.getCause()).isInstanceOf(Secrets.RedactedException.class);
        assertThat(safe.getCause().toString()).startsWith("java.net.ProtocolException: Unexpected status line")
                .doesNotContain(KEY);
        assertThat(safe.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
        IOException clean = new IOException("connection reset");
        assertThat(r.scrub(clean)).isSameAs(clean);
    }

    @Test
    void short_words_are_never_taken_for_secrets() {
        Secrets.Redactor r = Secrets.redactor("abc").andHeaderValue("Basic dXNlcjpwYXNzd29yZA==");
        assertThat(r.redact("abc Basic user")).isEqualTo("abc Basic user");
        assertThat(r.redact("got dXNlcjpwYXNzd29yZA==")).isEqualTo("got ****ZA==");
    }
}
