// NovelKit quick start for JShell. (A chained call continued on the next line ends its line with the dot, because
// JShell runs a line as soon as it is a complete statement.) From the repository root, after `mvn -q -B -ntp package -DskipTests`:
//   jshell --class-path novel-examples/target/novelkit.jar novel-examples/jshell/quickstart.jsh
// Everything here runs offline. Each block is also a line you can type at the jshell> prompt.

import dev.novelkit.core.text.*;
import dev.novelkit.core.prompt.*;
import dev.novelkit.dataset.build.*;
import dev.novelkit.dataset.io.*;
import dev.novelkit.dataset.summary.offline.OfflineSummarizer;
import dev.novelkit.dataset.storyboard.*;
import dev.novelkit.core.story.*;
import dev.novelkit.media.prompt.*;
import dev.novelkit.media.image.*;
import dev.novelkit.media.image.card.StoryCardRenderer;
import dev.novelkit.media.voice.*;
import dev.novelkit.media.voice.espeak.EspeakVoiceBackend;
import java.nio.file.*;

// 1. Read the bundled sample novel and split it at sentence ends into paragraphs of at most 2,200 characters.
Path dir = Files.createTempDirectory("novelkit-jshell");
Path file = dir.resolve("novel.txt");
try (var in = StoryboardExtractor.class.getResourceAsStream("/samples/dukou-denghuo.txt")) { Files.write(file, in.readAllBytes()); }
Novel novel = Novel.read(file);
List<Paragraph> paragraphs = NovelSplitter.sentences().maxChars(2200).split(novel);
System.out.println(novel.title() + ": " + novel.chapters().size() + " chapters, " + paragraphs.size() + " paragraphs");

// 2. The seed's three kinds of fine-tuning samples, summarized offline, written as swift-ready JSONL.
DatasetResult dataset = DatasetBuilder.of(OfflineSummarizer.defaults()).build(paragraphs);
DatasetWriter.jsonl().write(dir.resolve("train.jsonl"), dataset.samples());
System.out.println(dataset.samples().size() + " samples -> " + dir.resolve("train.jsonl"));
System.out.println(dataset.samples().get(0).query().substring(0, 80) + "…");

// 3. A storyboard: characters, scenes and shots with dialogue.
var board = OfflineStoryboardExtractor.defaults().maxShots(6).extract(new StoryText(novel.title(),
        novel.chapters().stream().map(c -> new StoryText.Part(c.title(), c.text())).toList()));
board.characters().forEach(c -> System.out.println(c.name() + " " + c.age() + " " + c.appearance()));

// 4. A MidJourney prompt and an offline story card for the first shot.
var shot = board.shots().get(0);
var scene = board.scene(shot.sceneId()).orElseThrow();
var prompt = ImagePromptBuilder.create().setting("古风, 江南水乡").scene(scene).action(shot.imageDescription()).
        style(PromptStyle.MIDJOURNEY).build();
System.out.println(prompt.render());
var card = StoryCardRenderer.defaults().generate(ImageRequest.of(prompt, dir.resolve("shot1.png")).size(540, 960).scene(scene));
System.out.println("card: " + card.file());

// 5. A voice line, if espeak-ng is installed.
if (EspeakVoiceBackend.isAvailable()) {
    var clip = VoiceSynth.over(EspeakVoiceBackend.defaults()).narrate(shot.narration().isEmpty() ? "青溪镇的雨。" : shot.narration(), dir.resolve("line.wav"));
    System.out.printf("voice: %s (%.2f s)%n", clip.file(), clip.seconds());
}
/exit
