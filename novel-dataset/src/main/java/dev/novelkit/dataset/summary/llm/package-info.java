/** The summarizer over any chat model, asking as the seed does and again when the format was not followed. */
package dev.novelkit.dataset.summary.llm;
