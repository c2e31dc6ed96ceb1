package dev.novelkit.llm.swift;

import dev.novelkit.core.InvalidSettingException;
import dev.novelkit.llm.swift.internal.Gpus;
import dev.novelkit.llm.swift.internal.Shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code swift sft} command line for one release: a pure function of the trainer's settings, the release and
 * the checkpoint to resume from. What it had to translate for that release goes into the command's notes.
 */
final class SftCommandLine {
    private SftCommandLine() {
    }

    static SwiftCommand of(SwiftTrainer t, SwiftProcess.Target target, Path resume) {
        Spelling s = Spelling.of(target.version());
        SwiftDialect dialect = target.version().dialect();
        Path wd = t.process.workingDir();
        List<String> notes = new ArrayList<>();
        notes.add(target.note());
        Flags f = new Flags();
        model(t, s, wd, f, notes);
        f.add(s.tuner, t.tuner);
        f.add("--output_dir", t.outputDir.toString());
        f.add("--dataset", t.datasets);
        if (t.valDataset != null) {
            f.add("--val_dataset", t.valDataset.toString());
        }
        if (t.splitRatio != null) {
            f.add(s.splitRatio, Shell.decimal(t.splitRatio));
        } else if (!s.v2() && t.valDataset == null) {
            f.add(s.splitRatio, "0.01"); // 3.6+ and 4.x split nothing off by default: keep 2.x's 1% so eval_steps means something
        }
        f.add("--num_train_epochs", Integer.toString(t.epochs));
        f.add("--max_length", Integer.toString(t.maxLength));
        if (s.v2()) {
            f.add("--check_dataset_strategy", t.checkDatasetStrategy.flagValue());
        } else if (t.checkDatasetStrategy == CheckDatasetStrategy.ERROR) {
            f.add("--strict", "true");
        } else if (t.checkDatasetStrategy == CheckDatasetStrategy.WARNING) {
            notes.add("swift " + dialect.label() + " has no --check_dataset_strategy: rows it cannot read are dropped "
                    + "without a warning (CheckDatasetStrategy.ERROR stops instead, --strict true)");
        }
        f.add("--lora_rank", Integer.toString(t.loraRank));
        f.add("--lora_alpha", Integer.toString(t.loraAlpha));
        f.add(s.loraDropout, Shell.decimal(t.loraDropout));
        if (t.loraDropout == 1.0) {
            notes.add("LoRA dropout 1.0 is the seed's value: it zeroes the LoRA branch's input during training "
                    + "(NovelKit's default is 0.05)");
        }
        f.add(s.targetModules, t.targetModules.stream()
                .map(m -> m.equals("ALL") || m.equalsIgnoreCase("all-linear") ? s.allLinear : m).toList());
        f.add("--gradient_checkpointing", Boolean.toString(t.gradientCheckpointing));
        f.add(s.batchSize, Integer.toString(t.batchSize));
        f.add("--learning_rate", Shell.decimal(t.learningRate));
        f.add("--gradient_accumulation_steps", Integer.toString(t.gradientAccumulationSteps));
        f.add("--max_grad_norm", Shell.decimal(t.maxGradNorm));
        f.add("--warmup_ratio", Shell.decimal(t.warmupRatio));
        f.add("--eval_steps", Integer.toString(t.evalSteps));
        f.add("--save_steps", Integer.toString(t.saveSteps));
        f.add("--save_total_limit", Integer.toString(t.saveTotalLimit));
        f.add("--logging_steps", Integer.toString(t.loggingSteps));
        if (t.doSample != null) {
            if (s.v2()) {
                f.add("--do_sample", t.doSample ? "True" : "False");
            } else if (!t.doSample) {
                f.add("--temperature", "0");
                notes.add("swift " + dialect.label() + " has no --do_sample: greedy evaluation is --temperature 0");
            } else {
                notes.add("swift " + dialect.label() + " has no --do_sample: it samples whenever the temperature is "
                        + "above 0, so --do_sample True is left out and --top_k/--top_p kept");
            }
            f.add("--top_k", Integer.toString(t.topK));
            f.add("--top_p", Shell.decimal(t.topP));
        }
        if (t.template != null) {
            f.add(s.template, t.template);
        }
        if (t.dtype != null) {
            f.add(s.dtype, t.dtype.flagValue(dialect));
        }
        if (t.system != null) {
            f.add("--system", t.system);
        }
        if (t.seed != null) {
            f.add("--seed", Long.toString(t.seed));
        }
        if (t.deepspeed != null) {
            f.add("--deepspeed", t.deepspeed.flagValue(dialect));
        } else if (t.deepspeedConfig != null) {
            f.add("--deepspeed", t.deepspeedConfig.toString());
        }
        if (t.saveOnEachNode != null) {
            f.add("--save_on_each_node", Boolean.toString(t.saveOnEachNode));
        }
        if (resume != null) {
            f.add("--resume_from_checkpoint", resume.toString());
        }
        return new SwiftCommand(f.argv(t.process.argv0(), "sft", t.extraArgs), environment(t), wd, notes);
    }

    /** {@code --model_type}/{@code --model_id_or_path} on 2.x, {@code --model} (+ family) from 3.x on. */
    private static void model(SwiftTrainer t, Spelling s, Path wd, Flags f, List<String> notes) {
        ModelNames.Kind kind = ModelNames.kind(t.model, wd);
        if (s.v2()) {
            if (t.modelType != null && ModelNames.kind(t.modelType, wd) == ModelNames.Kind.FAMILY) {
                throw new InvalidSettingException("modelType", t.modelType, "is a swift 3.x/4.x model family; a swift "
                        + "2.x model type reads like qwen2-7b-instruct");
            }
            switch (kind) {
                case V2_MODEL_TYPE -> f.add("--model_type", t.model);
                case FAMILY -> throw new InvalidSettingException("model", t.model, "is a swift 3.x/4.x model family; "
                        + "swift 2.x needs a model type such as qwen2-7b-instruct, a hub id or a folder");
                default -> {
                    if (t.modelType == null && ModelNames.isLocalFolder(t.model, wd)) {
                        throw new InvalidSettingException("modelType", null, "must be set for the local model folder "
                                + t.model + " on swift 2.x (its --model_type, such as qwen2-7b-instruct)");
                    }
                    if (t.modelType != null) {
                        f.add("--model_type", t.modelType);
                    }
                    f.add("--model_id_or_path", t.model);
                }
            }
            return;
        }
        if (t.modelType != null && ModelNames.kind(t.modelType, wd) == ModelNames.Kind.V2_MODEL_TYPE) {
            throw new InvalidSettingException("modelType", t.modelType, "is a swift 2.x model type; from swift 3.x on "
                    + "--model_type names a family such as qwen2 (usually leave it out: the model says it)");
        }
        String model = ModelNames.v3Model(t.model, wd);
        if (kind == ModelNames.Kind.V2_MODEL_TYPE) {
            notes.add("the 2.x model type " + t.model + " is --model " + model + " from swift 3.x on");
        }
        f.add("--model", model);
        if (t.modelType != null) {
            f.add("--model_type", t.modelType);
        }
    }

    /** {@code CUDA_VISIBLE_DEVICES}, then swift's launcher variables, then the extra environment. */
    private static Map<String, String> environment(SwiftTrainer t) {
        List<Integer> gpus = t.process.gpusOr(List.of(0));
        Map<String, String> env = new LinkedHashMap<>();
        Gpus.putVisibleDevices(env, gpus);
        int nproc = t.nprocPerNode != null ? t.nprocPerNode : gpus.size() > 1 ? gpus.size() : 0;
        if (nproc > 0 && (nproc > 1 || t.nnodes > 1 || t.nprocPerNode != null)) {
            env.put("NPROC_PER_NODE", Integer.toString(nproc));
        }
        if (t.nnodes > 1) {
            env.put("NNODES", Integer.toString(t.nnodes));
            env.put("NODE_RANK", Integer.toString(t.nodeRank));
            env.put("MASTER_ADDR", t.masterAddr);
            env.put("MASTER_PORT", Integer.toString(t.masterPort));
        }
        env.putAll(t.process.environment());
        return env;
    }
}
