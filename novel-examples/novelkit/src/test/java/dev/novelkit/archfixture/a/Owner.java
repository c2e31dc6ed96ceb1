package dev.novelkit.archfixture.a;

import dev.novelkit.archfixture.a.internal.Hidden;

/** Fixture for ArchitectureTest: the owner of {@code a.internal} may use it. */
public final class Owner {
    public static int value() {
        return Hidden.value();
    }
}
