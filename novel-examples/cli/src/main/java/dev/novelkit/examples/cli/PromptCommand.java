package dev.novelkit.examples.cli;

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.story.Scene;
import dev.novelkit.media.prompt.ImagePrompt;
import dev.novelkit.media.prompt.ImagePromptBuilder;
import dev.novelkit.media.prompt.MidjourneyParams;
import dev.novelkit.media.prompt.PromptStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code novelkit prompt}: Print an image prompt (MidJourney, Stable Diffusion) for a scene and its characters. */
@Command(name = "prompt", mixinStandardHelpOptions = true,
        description = "Print an image prompt (MidJourney, Stable Diffusion, Flux or plain text) for a scene and its "
                + "characters.")
final class PromptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scene", required = true, paramLabel = "TEXT", description = "What the scene shows.")
    String scene;

    @Option(names = "--character", paramLabel = "名字:外貌",
            description = "A character in the shot with a fixed appearance (repeatable).")
    List<String> characters = new ArrayList<>();

    @Option(names = "--setting", paramLabel = "TEXT",
            description = "Story-wide prefix, e.g. \"古风仙侠, 江南水乡, 水墨风格\".")
    String setting = "";

    @Option(names = "--action", paramLabel = "TEXT", description = "What happens in this shot.")
    String action = "";

    @Option(names = "--style", paramLabel = "STYLE", defaultValue = "midjourney",
            description = "midjourney, sd, flux or plain (default: ${DEFAULT-VALUE}).")
    String style;

    @Option(names = "--no", paramLabel = "X", split = ",",
            description = "Things to leave out (MidJourney --no, SD negative prompt); repeatable or comma-separated.")
    List<String> avoid = new ArrayList<>();

    @Option(names = "--no-quality-tags", description = "Stable Diffusion: leave out (masterpiece:1.2)...")
    boolean noQualityTags;

    @Option(names = "--ar", paramLabel = "W:H", description = "MidJourney aspect ratio, integers only (e.g. 9:16).")
    String ar;
    @Option(names = "--v", paramLabel = "VERSION", description = "MidJourney version: 5.2, 6, 6.1, 7...")
    String version;
    @Option(names = "--niji", paramLabel = "N", description = "MidJourney niji model 4, 5 or 6.")
    Integer niji;
    @Option(names = "--s", paramLabel = "N", description = "MidJourney stylize 0..1000.")
    Integer stylize;
    @Option(names = "--c", paramLabel = "N", description = "MidJourney chaos 0..100.")
    Integer chaos;
    @Option(names = "--q", paramLabel = "N", description = "MidJourney quality (.25/.5/1 before V7, 1/2/4 on V7).")
    Double quality;
    @Option(names = "--seed", paramLabel = "N", description = "MidJourney seed 0..4294967295.")
    Long seed;
    @Option(names = "--raw", description = "MidJourney raw style (--style raw, --raw on V7).")
    boolean raw;
    @Option(names = "--tile", description = "MidJourney seamless tile.")
    boolean tile;
    @Option(names = "--weird", paramLabel = "N", description = "MidJourney weird 0..3000.")
    Integer weird;
    @Option(names = "--iw", paramLabel = "N", description = "MidJourney image weight 0..3.")
    Double imageWeight;
    @Option(names = "--cref", paramLabel = "URL", description = "MidJourney character reference (V6, niji 6).")
    String cref;
    @Option(names = "--cw", paramLabel = "N", description = "MidJourney character weight 0..100.")
    Integer cw;
    @Option(names = "--oref", paramLabel = "URL", description = "MidJourney omni reference (V7).")
    String oref;
    @Option(names = "--ow", paramLabel = "N", description = "MidJourney omni weight 1..1000.")
    Integer ow;
    @Option(names = "--sref", paramLabel = "URL", description = "MidJourney style reference.")
    String sref;
    @Option(names = "--sw", paramLabel = "N", description = "MidJourney style weight 0..1000.")
    Integer sw;

    /** The settings a bad value of is reported as its flag. */
    private static final Map<String, String> FLAGS = Map.of("style", "--style", "scene", "--scene");

    @Override
    public Integer call() {
        PromptStyle promptStyle = Flags.naming(FLAGS, () -> PromptStyle.parse(style));
        ImagePromptBuilder builder = ImagePromptBuilder.defaults()
                .setting(setting)
                .scene(Scene.of("cli", scene))
                .action(action)
                .characters(ImageCli.characters(characters))
                .style(promptStyle)
                .qualityTags(!noQualityTags)
                .avoid(avoid.toArray(String[]::new));
        MidjourneyParams mj = midjourney();
        if (!mj.equals(MidjourneyParams.defaults())) {
            if (promptStyle != PromptStyle.MIDJOURNEY) {
                throw new InvalidInputException("--style", "MidJourney parameters (--ar, --v, --niji, --s, --seed, "
                        + "--cref...) need --style midjourney, was " + style);
            }
            builder = builder.midjourney(mj);
        }
        ImagePrompt prompt = Flags.naming(FLAGS, builder::build);
        spec.commandLine().getOut().println(prompt.render());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private MidjourneyParams midjourney() {
        MidjourneyParams p = MidjourneyParams.defaults();
        if (ar != null) {
            p = p.aspectRatio(ar);
        }
        if (version != null) {
            p = p.version(version);
        }
        if (niji != null) {
            p = p.niji(niji);
        }
        if (stylize != null) {
            p = p.stylize(stylize);
        }
        if (chaos != null) {
            p = p.chaos(chaos);
        }
        if (quality != null) {
            p = p.quality(quality);
        }
        if (seed != null) {
            p = p.seed(seed);
        }
        if (raw) {
            p = p.styleRaw();
        }
        if (tile) {
            p = p.tile();
        }
        if (weird != null) {
            p = p.weird(weird);
        }
        if (imageWeight != null) {
            p = p.imageWeight(imageWeight);
        }
        if (cref != null) {
            p = p.characterRef(cref);
        }
        if (cw != null) {
            p = p.characterWeight(cw);
        }
        if (oref != null) {
            p = p.omniRef(oref);
        }
        if (ow != null) {
            p = p.omniWeight(ow);
        }
        if (sref != null) {
            p = p.styleRef(sref);
        }
        if (sw != null) {
            p = p.styleWeight(sw);
        }
        return p;
    }
}
