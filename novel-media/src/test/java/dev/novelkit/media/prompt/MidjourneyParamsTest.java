package dev.novelkit.media.prompt;

import dev.novelkit.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MidjourneyParamsTest {
    private static final String CREF = "https://cdn.example.com/lixiaoyao.png";
    private static final String SREF = "https://cdn.example.com/inkwash.png";

    @Test
    void renders_every_v6_parameter_in_midjourney_syntax() {
        String suffix = MidjourneyParams.defaults()
                .aspectRatio("9:16").version("6.1").styleRaw().stylize(250).chaos(10).quality(0.5)
                .weird(100).tile().imageWeight(1.5).seed(4294967295L)
                .characterRef(CREF).characterWeight(80).styleRef(SREF).styleWeight(300)
                .no("text", "watermark")
                .render();

        assertThat(suffix).isEqualTo("--ar 9:16 --v 6.1 --style raw --s 250 --c 10 --q .5 --weird 100 --tile"
                + " --iw 1.5 --seed 4294967295 --cref " + CREF + " --cw 80 --sref " + SREF + " --sw 300"
                + " --no text,watermark");
    }

    @Test
    void v7_writes_raw_and_omni_reference_and_takes_quality_up_to_4() {
        String suffix = MidjourneyParams.defaults().version("7").styleRaw().quality(4).omniRef(CREF).omniWeight(400)
                .render();

        assertThat(suffix).isEqualTo("--v 7 --raw --q 4 --oref " + CREF + " --ow 400");
    }

    @Test
    void character_reference_works_on_v6_and_niji_6_only() {
        assertThat(MidjourneyParams.defaults().niji(6).characterRef(CREF).render())
                .isEqualTo("--niji 6 --cref " + CREF);
        assertThat(MidjourneyParams.defaults().version("6").characterRef(CREF).render()).contains("--cref " + CREF);

        InvalidInputException onV7 = assertThrows(InvalidInputException.class,
                () -> MidjourneyParams.defaults().version("7").characterRef(CREF).render());
        assertThat(onV7.getMessage()).contains("--cref").contains("V7").contains("--oref");

        InvalidInputException byDefault = assertThrows(InvalidInputException.class,
                () -> MidjourneyParams.defaults().characterRef(CREF).render());
        assertThat(byDefault.getMessage()).contains("--cref").contains("default");

        InvalidInputException onNiji5 = assertThrows(InvalidInputException.class,
                () -> MidjourneyParams.defaults().niji(5).characterRef(CREF).render());
        assertThat(onNiji5.getMessage()).contains("niji 5");
    }

    @Test
    void omni_reference_is_rejected_before_v7() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> MidjourneyParams.defaults().version("6.1").omniRef(CREF).render());

        assertThat(e.input()).isEqualTo("--oref");
        assertThat(e.getMessage()).contains("V6.1").contains("--cref");
    }

    @Test
    void niji_and_version_are_mutually_exclusive() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> MidjourneyParams.defaults().version("6.1").niji(6).render());

        assertThat(e.getMessage()).contains("--niji 6").contains("--v 6.1").contains("mutually exclusive");
    }

    @Test
    void quality_values_depend_on_the_version() {
        assertThat(MidjourneyParams.defaults().version("6.1").quality(0.25).render()).isEqualTo("--v 6.1 --q .25");

        InvalidInputException v6 = assertThrows(InvalidInputException.class,
                () -> MidjourneyParams.defaults().version("6.1").quality(2).render());
        assertThat(v6.getMessage()).contains("--q").contains(".25, .5 or 1").contains("was 2");

        InvalidInputException v7 = assertThrows(InvalidInputException.class,
                () -> MidjourneyParams.defaults().quality(0.25).render());
        assertThat(v7.getMessage()).contains("1, 2 or 4").contains("was .25");
    }

    @Test
    void style_raw_needs_v5_1_or_later() {
        assertThat(MidjourneyParams.defaults().niji(6).styleRaw().render()).isEqualTo("--niji 6 --style raw");
        assertThrows(InvalidInputException.class, () -> MidjourneyParams.defaults().version("5").styleRaw().render());
    }

    @Test
    void every_out_of_range_value_names_the_parameter_and_the_value() {
        MidjourneyParams p = MidjourneyParams.defaults();
        assertRejected(() -> p.stylize(1001), "--s", "1001");
        assertRejected(() -> p.stylize(-1), "--s", "-1");
        assertRejected(() -> p.chaos(101), "--c", "101");
        assertRejected(() -> p.seed(4294967296L), "--seed", "4294967296");
        assertRejected(() -> p.seed(-5), "--seed", "-5");
        assertRejected(() -> p.weird(3001), "--weird", "3001");
        assertRejected(() -> p.imageWeight(3.5), "--iw", "3.5");
        assertRejected(() -> p.characterWeight(101), "--cw", "101");
        assertRejected(() -> p.omniWeight(0), "--ow", "0");
        assertRejected(() -> p.styleWeight(1001), "--sw", "1001");
        assertRejected(() -> p.niji(7), "--niji", "7");
        assertRejected(() -> p.version("8"), "--v", "8");
        assertRejected(() -> p.quality(3), "--q", "3");
        assertRejected(() -> p.aspectRatio(0, 9), "--ar", "0:9");
        assertRejected(() -> p.characterRef("ftp://x/y.png"), "--cref", "ftp://x/y.png");
    }

    @Test
    void aspect_ratio_takes_integers_only() {
        assertRejected(() -> MidjourneyParams.defaults().aspectRatio("1.5:1"), "--ar", "1.5:1");
        assertRejected(() -> MidjourneyParams.defaults().aspectRatio("wide"), "--ar", "wide");
        assertThat(MidjourneyParams.defaults().aspectRatio(" 16 : 9 ").render()).isEqualTo("--ar 16:9");
    }

    @Test
    void weights_without_their_reference_are_rejected() {
        assertRejected(() -> MidjourneyParams.defaults().version("6.1").characterWeight(50).render(), "--cw", "50");
        assertRejected(() -> MidjourneyParams.defaults().omniWeight(50).render(), "--ow", "50");
        assertRejected(() -> MidjourneyParams.defaults().styleWeight(50).render(), "--sw", "50");
    }

    @Test
    void params_are_immutable_values() {
        MidjourneyParams base = MidjourneyParams.defaults().stylize(100);
        MidjourneyParams changed = base.stylize(200);

        assertThat(base.render()).isEqualTo("--s 100");
        assertThat(changed.render()).isEqualTo("--s 200");
        assertThat(base).isEqualTo(MidjourneyParams.defaults().stylize(100)).isNotEqualTo(changed);
    }

    private static void assertRejected(Executable call, String parameter, String value) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertThat(e.input()).isEqualTo(parameter);
        assertThat(e.getMessage()).contains(value);
    }
}
