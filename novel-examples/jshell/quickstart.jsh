// The README's quick start in JShell, on the bundled sample novel. Run it from the repository root with
//   novel-examples/jshell/run-quickstart.sh
// which starts JShell with only the novelkit library (novel-examples/novelkit) and its runtime dependencies on the
// class path: no command line, no logging binding. Everything runs offline except the generation step, which needs
// an OpenAI-compatible server (NOVELKIT_LLM_BASE_URL, OPENAI_BASE_URL/OPENAI_API_KEY or DASHSCOPE_API_KEY) and is
// skipped with a note when none is configured.

import dev.novelkit.core.InvalidInputException;
import dev.novelkit.core.llm.ChatModel;
import dev.novelkit.core.text.*;
import dev.novelkit.dataset.build.*;
import dev.novelkit.dataset.io.DatasetWriter;
import dev.novelkit.dataset.summary.offline.OfflineSummarizer;
import dev.novelkit.llm.generate.QwenGenerator;
import dev.novelkit.llm.openai.OpenAiChatModel;
import dev.novelkit.pipeline.*;

// The bundled sample novel 《渡口灯火》, copied into a fresh folder as novel.txt.
Path dir = Files.createTempDirectory("novelkit-quickstart");
Path novelFile = dir.resolve("novel.txt");
try (var in = NovelToVideo.class.getResourceAsStream("/samples/dukou-denghuo.txt")) { Files.write(novelFile, in.readAllBytes()); }
System.out.println("working in " + dir);

// 1. Read and split at sentence ends into paragraphs of at most 2,200 characters.
Novel novel = Novel.read(novelFile);
List<Paragraph> paragraphs = NovelSplitter.sentences().maxChars(2200).split(novel);
System.out.println(novel.title() + ": " + novel.chapters().size() + " chapters, " + paragraphs.size() + " paragraphs");

// 2. The three kinds of fine-tuning samples, summarized offline, written as swift query/response records.
DatasetResult dataset = DatasetBuilder.of(OfflineSummarizer.defaults()).build(paragraphs);
DatasetWriter.jsonl().write(dir.resolve("train.jsonl"), dataset.samples());
System.out.println(dataset.samples().size() + " samples -> " + dir.resolve("train.jsonl"));

// 3. A story from a brief, by the model an OpenAI-compatible server serves (swift deploy, vLLM, DashScope, Ollama).
ChatModel qwen = null;
try { qwen = OpenAiChatModel.fromEnv(); } catch (InvalidInputException e) { System.out.println("generation skipped: " + e.getMessage()); }
if (qwen != null) { String story = QwenGenerator.of(qwen).expandBrief("雨夜，一个画师来到青溪镇的渡口。").text(); System.out.println(story); }

// 4. The whole job, offline: storyboard, story cards, Ken Burns shots, voices (with espeak-ng), subtitles, video.
//    About a minute on 2 cores.
VideoRun run = NovelToVideo.offline().run(novelFile, dir.resolve("out"));
System.out.print(run.render());
System.out.println("video: " + dir.resolve("out").resolve("video.mp4"));
/exit
