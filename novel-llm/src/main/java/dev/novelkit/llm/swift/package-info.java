/**
 * LoRA fine-tuning, merging, chatting and serving with the ms-swift that is installed (2.x, 3.x or 4.x, asked, not
 * guessed): {@link dev.novelkit.llm.swift.SwiftTrainer} ({@code swift sft}, the seed's command as defaults, several
 * GPUs and nodes), {@link dev.novelkit.llm.swift.SwiftExport} ({@code swift export --merge_lora true}),
 * {@link dev.novelkit.llm.swift.SwiftChat} ({@code swift infer}, {@code swift app}/{@code app-ui}) and
 * {@link dev.novelkit.llm.swift.SwiftDeployment} ({@code swift deploy} or {@code vllm serve}, exposed as a
 * {@code ChatModel}), each started as a {@link dev.novelkit.core.job.Job} and sharing one
 * {@link dev.novelkit.llm.swift.SwiftProcess} (executable, folder, GPUs, environment, version).
 */
package dev.novelkit.llm.swift;
