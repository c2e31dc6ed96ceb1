package dev.novelkit.llm.swift;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SwiftLogParserTest {

    @Test
    void reads_a_3x_progress_line_into_every_field() {
        TrainingProgress p = SwiftLogParser.parseRecord("{'loss': 1.60696292, 'token_acc': 0.63554502, 'grad_norm': "
                + "1.97572899, 'learning_rate': 0.0001, 'memory(GiB)': 2.44, 'train_speed(iter/s)': 0.250477, "
                + "'epoch': 0.0, 'global_step/max_steps': '1/9060', 'percentage': '0.01%', 'elapsed_time': '3s', "
                + "'remaining_time': '9h 30m 16s'}").orElseThrow();

        assertThat(p.kind()).isEqualTo(TrainingProgress.Kind.TRAIN);
        assertThat(p.step()).isEqualTo(1);
        assertThat(p.maxSteps()).isEqualTo(9060);
        assertThat(p.loss()).isEqualTo(1.60696292);
        assertThat(p.accuracy()).isEqualTo(0.63554502);
        assertThat(p.gradNorm()).isEqualTo(1.97572899);
        assertThat(p.learningRate()).isEqualTo(1e-4);
        assertThat(p.memoryGiB()).isEqualTo(2.44);
        assertThat(p.trainSpeed()).isEqualTo(0.250477);
        assertThat(p.epoch()).isEqualTo(0.0);
        assertThat(p.elapsed()).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.remaining()).isEqualTo(Duration.ofHours(9).plusMinutes(30).plusSeconds(16));
        assertThat(p.metrics()).containsEntry("percentage", 0.01).containsEntry("memory(GiB)", 2.44);
        assertThat(p.summary()).isEqualTo("loss 1.6070, acc 0.636, lr 1e-4, 2.4 GiB, ETA 9h 30m 16s");
        assertThat(p.toProgress().detail()).isEqualTo("loss 1.6070, acc 0.636, lr 1e-4, 2.4 GiB, 9h 30m 16s left");
        assertThat(p.toProgress().done()).isEqualTo(1);
        assertThat(p.toProgress().total()).isEqualTo(9060);
    }

    @Test
    void reads_a_4x_line_without_percentage_with_seconds_per_step_a_rank_prefix_and_rounded_seconds() {
        SwiftLogParser parser = new SwiftLogParser();

        TrainingProgress p = parser.accept("[rank0]:{'loss': 1.2, 'seq_acc': 0.41, 'grad_norm': 0.9, 'learning_rate': "
                + "2e-05, 'memory(GiB)': 17.1, 'train_speed(s/it)': 4.0, 'epoch': 0.25, 'global_step/max_steps': "
                + "'30/120', 'elapsed_time': '1m 60s', 'remaining_time': '5m 59s'}").orElseThrow();
        TrainingProgress eval = parser.accept("[rank1]: {'eval_loss': 1.1, 'eval_seq_acc': 0.5, 'epoch': 0.25, "
                + "'global_step/max_steps': '30/120', 'elapsed_time': '2m 0s', 'remaining_time': '6m 0s'}").orElseThrow();
        parser.accept("[rank0]: [INFO:swift] last_model_checkpoint: /out/v0-20250101-000000/last");
        parser.accept("[rank0]: [INFO:swift] best_model_checkpoint: None");

        assertThat(p.step()).isEqualTo(30);
        assertThat(p.maxSteps()).isEqualTo(120);
        assertThat(p.fraction()).isEqualTo(0.25);
        assertThat(p.metrics()).doesNotContainKey("percentage");
        assertThat(p.accuracy()).isEqualTo(0.41);
        assertThat(p.trainSpeed()).isEqualTo(0.25);
        assertThat(p.elapsed()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.toProgress().done()).isEqualTo(30);
        assertThat(p.toProgress().total()).isEqualTo(120);
        assertThat(eval.kind()).isEqualTo(TrainingProgress.Kind.EVAL);
        assertThat(eval.accuracy()).isEqualTo(0.5);
        assertThat(parser.lastCheckpoint()).contains(Path.of("/out/v0-20250101-000000/last"));
        assertThat(parser.bestCheckpoint()).isEmpty();
    }

    @Test
    void reads_old_2x_lines_and_takes_the_step_total_from_the_tqdm_bar() {
        SwiftLogParser parser = new SwiftLogParser();
        TrainingProgress first = parser.accept("{'loss': 1.8210969, 'acc': 0.6236614, 'grad_norm': 2.75, "
                + "'learning_rate': 2e-05, 'memory(GiB)': 16.79, 'train_speed(iter/s)': 0.155172, 'epoch': 0.01, "
                + "'global_step': 1}").orElseThrow();
        parser.accept("Train:  54%|███████████████████████████████████▍                              | 50/93 [03:42<03:19,  4.64s/it]");
        TrainingProgress eval = parser.accept("{'eval_loss': 1.03679836, 'eval_acc': 0.67676003, 'eval_runtime': "
                + "1.2396, 'eval_samples_per_second': 8.874, 'eval_steps_per_second': 8.874, 'epoch': 0.54, "
                + "'global_step': 50}").orElseThrow();

        assertThat(first.step()).isEqualTo(1);
        assertThat(first.maxSteps()).isEqualTo(-1);
        assertThat(first.accuracy()).isEqualTo(0.6236614);
        assertThat(first.elapsed()).isNull();
        assertThat(eval.kind()).isEqualTo(TrainingProgress.Kind.EVAL);
        assertThat(eval.step()).isEqualTo(50);
        assertThat(eval.maxSteps()).isEqualTo(93);
        assertThat(eval.loss()).isEqualTo(1.03679836);
        assertThat(eval.accuracy()).isEqualTo(0.67676003);
        assertThat(eval.learningRate()).isNaN();
        assertThat(eval.summary()).isEqualTo("eval_loss 1.0368, eval_acc 0.677");
    }

    @Test
    void reads_3x_eval_and_the_closing_summary() {
        TrainingProgress eval = SwiftLogParser.parseRecord("{'eval_loss': 1.2146, 'eval_token_acc': 0.6694, "
                + "'eval_runtime': 1.9, 'eval_samples_per_second': 5.26, 'eval_steps_per_second': 5.26, 'epoch': 0.53, "
                + "'global_step/max_steps': '50/94', 'percentage': '53.19%', 'elapsed_time': '4m 37s', "
                + "'remaining_time': '4m 4s'}").orElseThrow();
        TrainingProgress end = SwiftLogParser.parseRecord("{'train_runtime': 443.3746, 'train_samples_per_second': "
                + "3.358, 'train_steps_per_second': 0.21, 'train_loss': 1.07190883, 'epoch': 1.0, "
                + "'global_step/max_steps': '93/93', 'percentage': '100.00%', 'elapsed_time': '7m 23s', "
                + "'remaining_time': '0s', 'memory(GiB)': 20.5, 'train_speed(iter/s)': 0.209752}").orElseThrow();

        assertThat(eval.kind()).isEqualTo(TrainingProgress.Kind.EVAL);
        assertThat(eval.accuracy()).isEqualTo(0.6694);
        assertThat(end.kind()).isEqualTo(TrainingProgress.Kind.SUMMARY);
        assertThat(end.loss()).isEqualTo(1.07190883);
        assertThat(end.metric("train_runtime")).isEqualTo(443.3746);
        assertThat(end.fraction()).isEqualTo(1.0);
        assertThat(end.summary()).isEqualTo("train_loss 1.0719, runtime 7m 23s");
    }

    @Test
    void finds_the_record_after_tqdm_carriage_returns_and_ignores_other_dicts() {
        SwiftLogParser parser = new SwiftLogParser();

        Optional<TrainingProgress> p = parser.accept("Train:   4%|█▉         | 1/25 [00:01<00:24, 1.00s/it]\r"
                + "                                        \r{'loss': 2.1, 'acc': 0.55, 'global_step/max_steps': '1/25'}");

        assertThat(p).get().extracting(TrainingProgress::step).isEqualTo(1L);
        assertThat(parser.accept("[INFO:swift] model_kwargs: {'device_map': 'cuda:0'}")).isEmpty();
        assertThat(parser.accept("{'device_map': 'cuda:0'}")).isEmpty();
        assertThat(parser.accept("{'loss': broken")).isEmpty();
        assertThat(parser.accept("")).isEmpty();
        assertThat(parser.accept("      ")).isEmpty();
    }

    @Test
    void reads_numbers_swift_printed_as_strings() {
        TrainingProgress p = SwiftLogParser.parseRecord("{'loss': '1.20', 'epoch': '0.5', 'global_step/max_steps': "
                + "'1/2', 'train_speed(s/it)': '20.0'}").orElseThrow();

        assertThat(p.loss()).isEqualTo(1.2);
        assertThat(p.trainSpeed()).isEqualTo(0.05);
    }

    @Test
    void remembers_the_checkpoint_lines_swift_prints_at_the_end() {
        SwiftLogParser parser = new SwiftLogParser();
        for (String line : List.of(
                "[INFO:swift] The logging file will be saved in: /xxx/output/qwen2-7b-instruct/v2-20240607-101038/logging.jsonl",
                "[INFO:swift] Saving model checkpoint to /xxx/output/qwen2-7b-instruct/v2-20240607-101038/checkpoint-50",
                "[INFO:swift] Saving model checkpoint to /xxx/output/qwen2-7b-instruct/v2-20240607-101038/checkpoint-93",
                "[INFO:swift] last_model_checkpoint: /xxx/output/qwen2-7b-instruct/v2-20240607-101038/checkpoint-93",
                "[INFO:swift] best_model_checkpoint: /xxx/output/qwen2-7b-instruct/v2-20240607-101038/checkpoint-50",
                "[INFO:swift] images_dir: /xxx/output/qwen2-7b-instruct/v2-20240607-101038/images",
                "[INFO:swift] End time of running main: 2024-06-07 10:18:41.386561")) {
            parser.accept(line);
        }

        Path run = Path.of("/xxx/output/qwen2-7b-instruct/v2-20240607-101038");
        assertThat(parser.loggingFile()).contains(run.resolve("logging.jsonl"));
        assertThat(parser.savedCheckpoints()).containsExactly(run.resolve("checkpoint-50"), run.resolve("checkpoint-93"));
        assertThat(parser.lastCheckpoint()).contains(run.resolve("checkpoint-93"));
        assertThat(parser.bestCheckpoint()).contains(run.resolve("checkpoint-50"));
        assertThat(parser.failureCause()).isEmpty();
    }

    @Test
    void keeps_no_best_checkpoint_when_swift_prints_none() {
        SwiftLogParser parser = new SwiftLogParser();
        parser.accept("[INFO:swift] last_model_checkpoint: /w/megatron_output/Qwen2.5-7B-Instruct/v0-20260314-140112/checkpoint-93");
        parser.accept("[INFO:swift] best_model_checkpoint: None");

        assertThat(parser.lastCheckpoint()).isPresent();
        assertThat(parser.bestCheckpoint()).isEmpty();
    }

    @Test
    void names_cuda_out_of_memory_as_the_cause() {
        SwiftLogParser parser = new SwiftLogParser();
        for (String line : List.of(
                "Traceback (most recent call last):",
                "  File \"/usr/local/lib/python3.10/site-packages/swift/cli/sft.py\", line 5, in <module>",
                "    sft_main()",
                "[rank0]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.65 GiB",
                "E0729 01:23:45.123000 1234 torch/distributed/elastic/multiprocessing/api.py:833] failed (exitcode: 1)",
                "Traceback (most recent call last):",
                "  File \"/usr/bin/torchrun\", line 8, in <module>",
                "torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ")) {
            parser.accept(line);
        }

        assertThat(parser.outOfMemory()).isTrue();
        assertThat(parser.failureCause()).get().asString()
                .startsWith("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB");
    }

    @Test
    void names_the_last_traceback_line_but_not_torchruns_wrapper() {
        SwiftLogParser parser = new SwiftLogParser();
        for (String line : List.of(
                "[rank0]: Traceback (most recent call last):",
                "[rank0]:   File \"/x/swift/llm/dataset/loader.py\", line 156, in load",
                "[rank0]:     dataset = preprocessor(dataset)",
                "[rank0]: ValueError: dataset: no column of 'messages' in the first row",
                "Traceback (most recent call last):",
                "  File \"/usr/bin/torchrun\", line 8, in <module>",
                "torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ")) {
            parser.accept(line);
        }

        assertThat(parser.outOfMemory()).isFalse();
        assertThat(parser.failureCause()).contains("ValueError: dataset: no column of 'messages' in the first row");
    }

    @Test
    void reads_swift_duration_formats() {
        assertThat(SwiftLogParser.duration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(SwiftLogParser.duration("4m 28s")).isEqualTo(Duration.ofSeconds(268));
        assertThat(SwiftLogParser.duration("1d 2h 3m 4s")).isEqualTo(Duration.ofSeconds(93_784));
        assertThat(SwiftLogParser.duration("0:04:28")).isEqualTo(Duration.ofSeconds(268));
        assertThat(SwiftLogParser.duration("soon")).isNull();
        assertThat(SwiftLogParser.duration(12)).isNull();
        assertThat(TrainingProgress.format(Duration.ofSeconds(93_784))).isEqualTo("1d 2h 3m 4s");
    }
}
