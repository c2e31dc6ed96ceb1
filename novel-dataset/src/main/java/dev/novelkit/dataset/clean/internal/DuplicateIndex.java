package dev.novelkit.dataset.clean.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of duplicate removal, kept per sample as hashes and signatures only (never texts): a set of 128-bit
 * exact hashes (27-53 bytes per kept sample, by table fill) and, for near duplicates, the LSH band keys (two ints per
 * band in an open-addressing table: 11-21 bytes per band) plus the 8-bit MinHash signatures of the response and,
 * when whole samples are compared, of the prompt (one byte per permutation each). With 256 permutations and 32
 * bands that is 0.9-1.2 KB per kept sample (0.6-0.95 KB comparing responses only).
 * Single-threaded: used by the ordered stage of the cleaner.
 */
public final class DuplicateIndex {
    private static final double LOAD = 0.6;
    private static final double BAND_LOAD = 0.75;

    private long[] exact = new long[2 * 1024];
    private int exactSize;

    private final int permutations;
    private final double threshold;
    private final int signaturesPerChunk;
    private final List<byte[]> signatures = new ArrayList<>();
    private final List<byte[]> promptSignatures = new ArrayList<>();
    private int kept;
    private int[] bandKeys = new int[4096];
    private int[] bandIds = new int[4096];
    private int bandSize;
    private final int[] checked = new int[64];

    public DuplicateIndex(int permutations, double threshold) {
        this.permutations = permutations;
        this.threshold = threshold;
        this.signaturesPerChunk = Math.max(1, (1 << 20) / Math.max(1, permutations));
    }

    /** Adds the hash; false when it was already there (an exact duplicate). */
    public boolean addExact(long h1, long h2) {
        if (h1 == 0 && h2 == 0) {
            h2 = 1;
        }
        if (exactSize + 1 > (exact.length / 2) * LOAD) {
            long[] old = exact;
            exact = new long[old.length * 2];
            exactSize = 0;
            for (int i = 0; i < old.length; i += 2) {
                if (old[i] != 0 || old[i + 1] != 0) {
                    insertExact(old[i], old[i + 1]);
                }
            }
        }
        return insertExact(h1, h2);
    }

    private boolean insertExact(long h1, long h2) {
        int mask = exact.length / 2 - 1;
        int slot = (int) (MinHasher.fmix(h1) & mask);
        while (true) {
            int i = 2 * slot;
            if (exact[i] == 0 && exact[i + 1] == 0) {
                exact[i] = h1;
                exact[i + 1] = h2;
                exactSize++;
                return true;
            }
            if (exact[i] == h1 && exact[i + 1] == h2) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * Whether an already kept sample shares a band with this one (the band keys of its response) and its estimated
     * Jaccard similarity reaches the threshold, for the response and, when {@code promptSignature} is given, for the
     * prompt too: two samples with one response and different prompts are different samples. If not, this sample
     * is indexed and true is never returned for it again. Give prompt signatures for every sample or for none.
     */
    public boolean nearDuplicateOrAdd(int[] keys, byte[] signature, byte[] promptSignature) {
        int nChecked = 0;
        int mask = bandKeys.length - 1;
        for (int key : keys) {
            int slot = (int) (MinHasher.fmix(key) & mask);
            while (bandIds[slot] != 0) {
                if (bandKeys[slot] == key) {
                    int id = bandIds[slot] - 1;
                    if (!contains(checked, nChecked, id)) {
                        if (nChecked < checked.length) {
                            checked[nChecked++] = id;
                        }
                        byte[] chunk = signatures.get(id / signaturesPerChunk);
                        int offset = (id % signaturesPerChunk) * permutations;
                        if (MinHasher.estimate(signature, chunk, offset, permutations) >= threshold
                                && (promptSignature == null || MinHasher.estimate(promptSignature,
                                promptSignatures.get(id / signaturesPerChunk), offset, permutations) >= threshold)) {
                            return true;
                        }
                    }
                }
                slot = (slot + 1) & mask;
            }
        }
        int id = kept++;
        if (id / signaturesPerChunk == signatures.size()) {
            signatures.add(new byte[signaturesPerChunk * permutations]);
            if (promptSignature != null) {
                promptSignatures.add(new byte[signaturesPerChunk * permutations]);
            }
        }
        System.arraycopy(signature, 0, signatures.get(id / signaturesPerChunk),
                (id % signaturesPerChunk) * permutations, permutations);
        if (promptSignature != null) {
            System.arraycopy(promptSignature, 0, promptSignatures.get(id / signaturesPerChunk),
                    (id % signaturesPerChunk) * permutations, permutations);
        }
        for (int key : keys) {
            addBand(key, id + 1);
        }
        return false;
    }

    private void addBand(int key, int idPlusOne) {
        if (bandSize + 1 > bandKeys.length * BAND_LOAD) {
            int[] oldKeys = bandKeys;
            int[] oldIds = bandIds;
            bandKeys = new int[oldKeys.length * 2];
            bandIds = new int[oldIds.length * 2];
            bandSize = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldIds[i] != 0) {
                    putBand(oldKeys[i], oldIds[i]);
                }
            }
        }
        putBand(key, idPlusOne);
    }

    private void putBand(int key, int idPlusOne) {
        int mask = bandKeys.length - 1;
        int slot = (int) (MinHasher.fmix(key) & mask);
        while (bandIds[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        bandKeys[slot] = key;
        bandIds[slot] = idPlusOne;
        bandSize++;
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** Bytes held by the index (tables and signatures). */
    public long memoryBytes() {
        return 8L * exact.length + 4L * (bandKeys.length + bandIds.length)
                + (long) (signatures.size() + promptSignatures.size()) * signaturesPerChunk * permutations;
    }
}
