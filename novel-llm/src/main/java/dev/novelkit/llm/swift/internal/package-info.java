/** Implementation details of the swift integration (process handling, log and dataset parsing); not API. */
package dev.novelkit.llm.swift.internal;
