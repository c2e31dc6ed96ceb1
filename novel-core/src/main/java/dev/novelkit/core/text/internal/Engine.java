package dev.novelkit.core.text.internal;

import dev.novelkit.core.text.Paragraph;

/** A splitter run: paragraphs one at a time, in order. */
public interface Engine {
    /** The next paragraph, or null when there are no more. */
    Paragraph next();
}
