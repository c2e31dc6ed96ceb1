package dev.novelkit.archfixture.a.internal;

/** Fixture for ArchitectureTest: an internal class of package {@code a}. */
public final class Hidden {
    public static int value() {
        return 42;
    }
}
