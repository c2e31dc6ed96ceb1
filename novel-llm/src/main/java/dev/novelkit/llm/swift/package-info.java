/**
 * LoRA fine-tuning, merging and serving with ms-swift from Java: {@link dev.novelkit.llm.swift.SwiftTrainer}
 * ({@code swift sft}, the seed's command as defaults, 2.x and 3.x command lines, several GPUs and nodes) returning a
 * cancellable {@link dev.novelkit.llm.swift.TrainingJob} with parsed progress, {@link dev.novelkit.llm.swift.SwiftExport}
 * ({@code swift export --merge_lora true}) and {@link dev.novelkit.llm.swift.SwiftDeployment} ({@code swift deploy}
 * or {@code vllm serve} as a managed child process exposed as a {@code ChatModel}).
 */
package dev.novelkit.llm.swift;
