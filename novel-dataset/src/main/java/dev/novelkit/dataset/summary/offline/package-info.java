/** The offline, extractive summarizer built on HanLP portable: an approximation that needs no model. */
package dev.novelkit.dataset.summary.offline;
