package dev.trident.trainer.world;

/** Cheap approximations for per-pixel work. Stateless; thread-safe. */
final class FastMath {
    private FastMath() {
    }

    /** atan2 with an absolute error below 1e-5 rad: plenty for texture coordinates. */
    static double atan2(double y, double x) {
        double ax = Math.abs(x);
        double ay = Math.abs(y);
        if (ax == 0 && ay == 0) {
            return 0;
        }
        double a = Math.min(ax, ay) / Math.max(ax, ay);
        double s = a * a;
        // minimax polynomial for atan on [0, 1]
        double r = ((((((-0.0040540580 * s + 0.0218612288) * s - 0.0559098861) * s + 0.0964200441) * s
                - 0.1390853351) * s + 0.1994653599) * s - 0.3332985605) * s * a + a;
        if (ay > ax) {
            r = Math.PI / 2 - r;
        }
        if (x < 0) {
            r = Math.PI - r;
        }
        return y < 0 ? -r : r;
    }

    static int clamp255(int v) {
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }
}
