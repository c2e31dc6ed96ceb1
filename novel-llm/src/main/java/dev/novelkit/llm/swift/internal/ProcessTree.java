package dev.novelkit.llm.swift.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Ends a process and every descendant: terminate, wait a grace period, then kill what is left. */
public final class ProcessTree {
    private ProcessTree() {
    }

    /** Terminates {@code root} and its descendants, force-killing survivors after {@code grace}. */
    public static void destroy(ProcessHandle root, Duration grace) {
        Set<ProcessHandle> all = new LinkedHashSet<>(root.descendants().toList());
        all.add(root);
        for (ProcessHandle h : all) {
            h.destroy();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        List<ProcessHandle> alive = new ArrayList<>(all);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            alive.removeIf(h -> !h.isAlive());
            if (root.isAlive()) { // children started during the grace period
                root.descendants().filter(all::add).forEach(h -> {
                    h.destroy();
                    alive.add(h);
                });
            }
            if (!alive.isEmpty() && !sleep(20)) {
                break; // interrupted: skip the rest of the grace period
            }
        }
        for (ProcessHandle h : alive) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
        for (ProcessHandle h : alive) {
            try {
                h.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // gone or unkillable; nothing more to do
            }
        }
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
