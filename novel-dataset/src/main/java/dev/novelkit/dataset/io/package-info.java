/** Dataset files: JSON Lines and CSV in the swift, messages, alpaca and sharegpt layouts; merge, shuffle, split, read back. */
package dev.novelkit.dataset.io;
