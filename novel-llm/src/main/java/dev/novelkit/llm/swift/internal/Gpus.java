package dev.novelkit.llm.swift.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** GPU id lists as the builders take them and as {@code CUDA_VISIBLE_DEVICES} wants them. */
public final class Gpus {
    private Gpus() {
    }

    /** {@code int...} as an immutable list. */
    public static List<Integer> of(int... ids) {
        List<Integer> list = new ArrayList<>(ids.length);
        for (int id : ids) {
            list.add(id);
        }
        return List.copyOf(list);
    }

    /** Puts {@code CUDA_VISIBLE_DEVICES=0,1} into {@code env}; an empty list leaves the inherited value alone. */
    public static void putVisibleDevices(Map<String, String> env, List<Integer> gpus) {
        if (!gpus.isEmpty()) {
            env.put("CUDA_VISIBLE_DEVICES", gpus.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
    }
}
