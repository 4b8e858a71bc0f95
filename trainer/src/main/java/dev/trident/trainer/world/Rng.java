package dev.trident.trainer.world;

/**
 * A small, fast, seeded random source (SplitMix64). Everything random in the world draws from
 * one of these, so a seed fixes every byte of the output.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** An independent stream for sub-task {@code index} of {@code seed} (e.g. frame i of a dataset). */
    public static Rng derive(long seed, long index) {
        return new Rng(mix(seed * 0x9E3779B97F4A7C15L + mix(index + 0x632BE59BD9B4E019L)));
    }

    /** A 64-bit hash with good avalanche, usable as a stateless noise source. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A 32-bit hash of two ints, for screen- and ground-space texture noise. */
    public static int hash2(int a, int b) {
        int h = a * 0x27D4EB2D ^ b * 0x165667B1;
        h ^= h >>> 15;
        h *= 0x85EBCA77;
        h ^= h >>> 13;
        return h;
    }

    public long nextLong() {
        return mix(state += 0x9E3779B97F4A7C15L);
    }

    /** Uniform in [0, 1). */
    public double uniform() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public double range(double lo, double hi) {
        return lo + (hi - lo) * uniform();
    }

    /** Uniform integer in [0, n). */
    public int nextInt(int n) {
        return (int) ((nextLong() >>> 33) % n);
    }

    /** Uniform integer in [lo, hi]. */
    public int rangeInt(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    public boolean chance(double p) {
        return uniform() < p;
    }

    /** Standard normal (Box–Muller). */
    public double gaussian() {
        double u = Math.max(uniform(), 1e-300);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    }

    /** One of the given values, uniformly. */
    public int pick(int... values) {
        return values[nextInt(values.length)];
    }
}
