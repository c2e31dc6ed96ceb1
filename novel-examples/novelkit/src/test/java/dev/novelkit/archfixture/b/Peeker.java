package dev.novelkit.archfixture.b;

import dev.novelkit.archfixture.a.internal.Hidden;

/** Fixture for ArchitectureTest: a planted violation, package {@code b} reaching into {@code a.internal}. */
public final class Peeker {
    public static int value() {
        return Hidden.value();
    }
}
