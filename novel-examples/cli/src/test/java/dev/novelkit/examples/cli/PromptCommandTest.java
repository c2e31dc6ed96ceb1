package dev.novelkit.examples.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class PromptCommandTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        var cl = NovelKitCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void prints_a_midjourney_command_with_every_given_parameter() {
        int code = run("prompt", "--scene", "渡口送别，细雨", "--character", "李逍遥:剑眉星目，青色布衣",
                "--character", "赵灵儿：长发及腰", "--setting", "古风仙侠, 水墨风格", "--ar", "9:16", "--v", "6.1",
                "--s", "250", "--seed", "42", "--no", "文字,水印", "--cref", "https://cdn.example.com/li.png",
                "--cw", "80");

        assertThat(code).isZero();
        assertThat(out.toString().strip()).isEqualTo("/imagine prompt: 古风仙侠, 水墨风格, 李逍遥 (剑眉星目，青色布衣), "
                + "赵灵儿 (长发及腰), 渡口送别，细雨 --ar 9:16 --v 6.1 --s 250 --seed 42 "
                + "--cref https://cdn.example.com/li.png --cw 80 --no 文字,水印");
    }

    @Test
    void prints_a_stable_diffusion_prompt_with_its_negative_prompt() {
        int code = run("prompt", "--scene", "月下竹林", "--style", "sd", "--no", "modern clothes");

        assertThat(code).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("(masterpiece:1.2)").endsWith("月下竹林");
        assertThat(lines[1]).startsWith("Negative prompt: lowres").endsWith("modern clothes");
    }

    @Test
    void an_out_of_range_parameter_is_bad_input_naming_it() {
        int code = run("prompt", "--scene", "x", "--s", "1001");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--s").contains("1001");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void character_reference_on_v7_is_refused() {
        int code = run("prompt", "--scene", "x", "--v", "7", "--cref", "https://cdn.example.com/li.png");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--cref").contains("--oref");
    }

    @Test
    void midjourney_parameters_need_the_midjourney_style() {
        assertThat(run("prompt", "--scene", "x", "--style", "flux", "--ar", "16:9")).isEqualTo(2);
        assertThat(err.toString()).contains("--style midjourney");
    }

    @Test
    void an_unknown_style_and_an_empty_scene_are_blamed_on_their_flags() {
        assertThat(run("prompt", "--scene", "x", "--style", "bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("prompt: --style: unknown prompt style \"bogus\"");
        assertThat(run("prompt", "--scene", " ")).isEqualTo(2);
        assertThat(err.toString()).contains("prompt: --scene: nothing to draw");
    }

    @Test
    void a_character_without_a_name_is_refused() {
        assertThat(run("prompt", "--scene", "x", "--character", ":剑眉星目")).isEqualTo(2);
        assertThat(err.toString()).contains("--character");
    }
}
