/** The prompts of the dataset stage: {@link dev.novelkit.dataset.prompt.SummaryPromptBuilder} starts from the seed's and replaces any of them. */
package dev.novelkit.dataset.prompt;
