/** Structured summaries: {@link dev.novelkit.dataset.summary.SummaryParser} reads what a model wrote in the seed's format. */
package dev.novelkit.dataset.summary;
