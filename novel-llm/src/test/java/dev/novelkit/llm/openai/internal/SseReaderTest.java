package dev.novelkit.llm.openai.internal;

import okio.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseReaderTest {
    @Test
    void reads_data_events_skipping_comments_and_keeping_event_names() throws Exception {
        SseReader reader = new SseReader(new Buffer().writeUtf8(
                "\uFEFF: comment\r\n\r\nevent: delta\r\ndata: {\"a\":1}\r\nid: 7\r\nretry: 100\r\n\r\n"
                        + "data:no-space\n\ndata: line one\ndata:\ndata: line three\n\n\n\ndata: [DONE]"));

        assertThat(reader.next()).isEqualTo(new SseReader.Event("delta", "{\"a\":1}"));
        assertThat(reader.next()).isEqualTo(new SseReader.Event(null, "no-space"));
        assertThat(reader.next()).isEqualTo(new SseReader.Event(null, "line one\n\nline three"));
        assertThat(reader.next()).isEqualTo(new SseReader.Event(null, "[DONE]"));
        assertThat(reader.next()).isNull();
    }

    @Test
    void an_event_name_without_data_does_not_leak_into_the_next_event() throws Exception {
        SseReader reader = new SseReader(new Buffer().writeUtf8("event: ping\n\ndata: x\n\n"));

        assertThat(reader.next()).isEqualTo(new SseReader.Event(null, "x"));
        assertThat(reader.next()).isNull();
    }
}
