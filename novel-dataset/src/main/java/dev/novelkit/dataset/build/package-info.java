/** Paragraphs to the seed's three kinds of samples, with bounded concurrency and a resumable journal. */
package dev.novelkit.dataset.build;
