package dev.novelkit.llm.swift.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PyLiteralTest {

    @Test
    void reads_a_swift_progress_dict_with_single_quotes_and_exponents() {
        Map<String, Object> m = PyLiteral.parseDict("{'loss': 1.47, 'grad_norm': 10.56, 'learning_rate': 2e-06, "
                + "'token_acc': 0.655, 'epoch': 0.01, 'global_step/max_steps': '1/94', 'percentage': '1.06%', "
                + "'elapsed_time': '2s', 'remaining_time': '4m 28s', 'memory(GiB)': 4.87, 'train_speed(iter/s)': 0.3458}");

        assertThat(m).containsEntry("loss", 1.47).containsEntry("learning_rate", 2e-06)
                .containsEntry("global_step/max_steps", "1/94").containsEntry("memory(GiB)", 4.87);
        assertThat(m.keySet()).first().isEqualTo("loss");
    }

    @Test
    void reads_python_constants_ints_and_nested_containers() {
        Object v = PyLiteral.parse("{'a': True, 'b': False, 'c': None, 'd': [1, -2, 3.5e+2], 'e': (1, 'x'), "
                + "'f': {'g': nan, 'h': -inf}, 'i': 1_000, 'j': []}");

        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.get("a")).isEqualTo(true);
        assertThat(m.get("b")).isEqualTo(false);
        assertThat(m).containsKey("c");
        assertThat(m.get("c")).isNull();
        assertThat(m.get("d")).isEqualTo(List.of(1L, -2L, 350.0));
        assertThat(m.get("e")).isEqualTo(List.of(1L, "x"));
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) m.get("f");
        assertThat((Double) f.get("g")).isNaN();
        assertThat(f.get("h")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(m.get("i")).isEqualTo(1000L);
        assertThat(m.get("j")).isEqualTo(List.of());
    }

    @Test
    void reads_escapes_in_both_quote_styles_and_chinese_text() {
        Object v = PyLiteral.parse("['it\\'s', \"say \\\"hi\\\"\", 'a\\nb', '\\u4e0b\\u96e8', '下雨了', '\\x41']");

        assertThat(v).isEqualTo(Arrays.asList("it's", "say \"hi\"", "a\nb", "下雨", "下雨了", "A"));
    }

    @Test
    void reads_json_as_well() {
        Map<String, Object> m = PyLiteral.parseDict("{\"loss\": 1.2, \"ok\": true, \"best\": null, \"s\": \"\\u00e9\\/x\"}");

        assertThat(m).containsEntry("loss", 1.2).containsEntry("ok", true).containsEntry("s", "é/x").containsKey("best");
        assertThat(m.get("best")).isNull();
    }

    @Test
    void rejects_broken_literals_with_the_position() {
        assertThatThrownBy(() -> PyLiteral.parse("{'loss': 1.47, 'acc'")).isInstanceOf(PyLiteral.ParseException.class)
                .hasMessageContaining("column");
        assertThatThrownBy(() -> PyLiteral.parse("{'x': tensor(1.0)}")).hasMessageContaining("unknown name 'tensor'");
        assertThatThrownBy(() -> PyLiteral.parse("{'a': 1} trailing")).hasMessageContaining("unexpected text");
        assertThatThrownBy(() -> PyLiteral.parse("'unclosed")).hasMessageContaining("unclosed string");
        assertThatThrownBy(() -> PyLiteral.parseDict("[1, 2]")).hasMessageContaining("not a dict");
    }
}
