package dev.novelkit.media.video;

import java.nio.ByteBuffer;

/**
 * Sees every picture {@link VideoAssembler} hands to the H.264 encoder, in order, just before it is encoded: for
 * checks (hashing the raw frames), previews and tests. Called on the encoder's thread; it slows assembly by as much
 * time as it takes and must not throw.
 */
@FunctionalInterface
public interface FrameTap {
    /**
     * Frame {@code index} (from 0): a read-only yuv420p picture of the timeline's size (BT.709, limited range), the Y
     * plane then U then V, without padding; valid only during the call.
     */
    void frame(long index, ByteBuffer yuv420p);
}
