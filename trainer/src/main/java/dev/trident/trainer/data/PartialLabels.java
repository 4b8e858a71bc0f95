package dev.trident.trainer.data;

import dev.trident.runtime.contract.Task;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which fraction of the images keep each task's labels, e.g. {@code detection=0.5,depth=0.3}:
 * half the images get detection labels, 30% depth labels, all get segmentation. Selection is
 * exact (round(fraction × n) images) and fixed by a seed, independently per task.
 *
 * <p>Immutable; thread-safe.
 *
 * @param fractions fraction labelled per task; tasks not present are fully labelled
 */
public record PartialLabels(Map<Task, Double> fractions) {

    public static final PartialLabels NONE = new PartialLabels(Map.of());

    public PartialLabels {
        Map<Task, Double> copy = new EnumMap<>(Task.class);
        copy.putAll(fractions);
        fractions = Collections.unmodifiableMap(copy);
    }

    /**
     * Parses {@code task=fraction[,task=fraction...]}, tasks being detection, segmentation and
     * depth, fractions in [0, 1].
     *
     * @throws IllegalArgumentException with a one-line explanation and an example
     */
    public static PartialLabels parse(String spec) {
        String example = "; expected e.g. detection=0.5,depth=0.3 (tasks: detection, segmentation, depth; "
                + "fractions 0..1)";
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("partial-label spec is empty" + example);
        }
        Map<Task, Double> m = new EnumMap<>(Task.class);
        for (String part : spec.split(",", -1)) {
            String[] kv = part.trim().split("=", -1);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("malformed partial-label entry '" + part.trim() + "'" + example);
            }
            Task task;
            try {
                task = Task.valueOf(kv[0].trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown task '" + kv[0].trim() + "' in partial-label spec" + example,
                        e);
            }
            double f;
            try {
                f = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fraction '" + kv[1].trim() + "' for " + task.json()
                        + " is not a number" + example, e);
            }
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("fraction " + kv[1].trim() + " for " + task.json()
                        + " is outside 0..1" + example);
            }
            if (m.put(task, f) != null) {
                throw new IllegalArgumentException(task.json() + " appears twice in the partial-label spec" + example);
            }
        }
        return new PartialLabels(m);
    }

    /** Fraction of images labelled for {@code task} (1 when not given). */
    public double fraction(Task task) {
        return fractions.getOrDefault(task, 1.0);
    }

    /**
     * For each of {@code n} images, whether it keeps {@code task}'s labels: exactly
     * round(fraction × n) are chosen, by a shuffle seeded with {@code seed} and the task.
     */
    public boolean[] select(Task task, int n, long seed) {
        return choose(n, (int) Math.round(fraction(task) * n), seed ^ (0x9E3779B97F4A7C15L * (task.ordinal() + 1)));
    }

    /** Exactly {@code k} of {@code n} items marked true, chosen by a Fisher–Yates shuffle seeded with {@code seed}. */
    public static boolean[] choose(int n, int k, long seed) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("cannot choose " + k + " of " + n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long state = seed;
        for (int i = n - 1; i > 0; i--) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            int j = (int) ((z >>> 33) % (i + 1));
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] keep = new boolean[n];
        for (int i = 0; i < k; i++) {
            keep[order[i]] = true;
        }
        return keep;
    }
}
