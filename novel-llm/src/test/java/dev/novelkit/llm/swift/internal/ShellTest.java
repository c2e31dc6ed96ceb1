package dev.novelkit.llm.swift.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShellTest {

    @Test
    void writes_floats_the_way_the_seed_does() {
        assertThat(Shell.decimal(3e-5)).isEqualTo("3e-5");
        assertThat(Shell.decimal(2.5e-6)).isEqualTo("2.5e-6");
        assertThat(Shell.decimal(1.0)).isEqualTo("1.0");
        assertThat(Shell.decimal(0.03)).isEqualTo("0.03");
        assertThat(Shell.decimal(0.05)).isEqualTo("0.05");
        assertThat(Shell.decimal(0.9)).isEqualTo("0.9");
        assertThat(Shell.decimal(1e-3)).isEqualTo("0.001");
        assertThat(Double.parseDouble(Shell.decimal(1.234567e-4))).isEqualTo(1.234567e-4);
    }

    @Test
    void quotes_only_what_a_shell_would_split_or_expand() {
        assertThat(Shell.quote("output/qwen2-7b-instruct/v3-20240729-012301/checkpoint-xx")).isEqualTo(
                "output/qwen2-7b-instruct/v3-20240729-012301/checkpoint-xx");
        assertThat(Shell.quote("a b")).isEqualTo("'a b'");
        assertThat(Shell.quote("你是一个作家")).isEqualTo("'你是一个作家'");
        assertThat(Shell.quote("it's $HOME")).isEqualTo("'it'\"'\"'s $HOME'");
        assertThat(Shell.quote("")).isEqualTo("''");
    }
}
