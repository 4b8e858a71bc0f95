package dev.trident.calibration;

/** Row-major 3×3 matrix helpers for the few places the camera maths needs them. Stateless. */
final class Mat3 {
    private Mat3() {
    }

    static double[] multiply(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
            }
        }
        return c;
    }

    static double[] transpose(double[] a) {
        return new double[] {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
    }

    /** out = a · v for a 3-vector v. */
    static void apply(double[] a, double vx, double vy, double vz, double[] out) {
        out[0] = a[0] * vx + a[1] * vy + a[2] * vz;
        out[1] = a[3] * vx + a[4] * vy + a[5] * vz;
        out[2] = a[6] * vx + a[7] * vy + a[8] * vz;
    }

    static double determinant(double[] a) {
        return a[0] * (a[4] * a[8] - a[5] * a[7])
                - a[1] * (a[3] * a[8] - a[5] * a[6])
                + a[2] * (a[3] * a[7] - a[4] * a[6]);
    }

    /** Largest absolute entry of aᵀa − I: how far {@code a} is from orthonormal. */
    static double orthonormalityError(double[] a) {
        double[] g = multiply(transpose(a), a);
        double worst = 0;
        for (int i = 0; i < 9; i++) {
            double expected = (i % 4 == 0) ? 1.0 : 0.0;
            worst = Math.max(worst, Math.abs(g[i] - expected));
        }
        return worst;
    }
}
