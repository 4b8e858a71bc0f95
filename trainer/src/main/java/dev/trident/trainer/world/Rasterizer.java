package dev.trident.trainer.world;

/**
 * Z-buffered scan conversion of flat convex polygons given in camera coordinates (OpenCV frame:
 * X right, Y down, Z forward), into a {@link RenderedFrame}'s buffers. Pixel (i, j) is sampled at
 * its centre (i, j), the calibration module's convention. Depth is camera Z, interpolated as
 * 1/Z, which is exact for planar faces.
 *
 * <p>Also counts the pixels a polygon set covers regardless of occlusion ("amodal" coverage),
 * used for occlusion fractions. Allocates nothing per polygon. Not thread-safe.
 */
final class Rasterizer {
    /** Near clipping plane, metres. */
    static final double NEAR = 0.05;
    private static final int MAX_VERTS = 48;

    private final int w;
    private final int h;
    private final double fx;
    private final double fy;
    private final double cx;
    private final double cy;
    private final int[] rgb;
    private final byte[] sem;
    private final float[] depth;
    private final int[] inst;
    private final int[] stamp;
    private int stampValue;
    private int stampCount;

    private final double[] cxs = new double[MAX_VERTS];
    private final double[] cys = new double[MAX_VERTS];
    private final double[] czs = new double[MAX_VERTS];
    private final double[] sx = new double[MAX_VERTS];
    private final double[] sy = new double[MAX_VERTS];
    private final double[] siz = new double[MAX_VERTS];

    // projected extent (unclipped to the image) of polygons drawn in counting mode
    double extMinX;
    double extMaxX;
    double extMinY;
    double extMaxY;

    Rasterizer(RenderedFrame f, double fx, double fy, double cx, double cy) {
        this.w = f.width();
        this.h = f.height();
        this.fx = fx;
        this.fy = fy;
        this.cx = cx;
        this.cy = cy;
        this.rgb = f.rgb;
        this.sem = f.semantic;
        this.depth = f.depth;
        this.inst = f.instance;
        this.stamp = new int[w * h];
    }

    /** Starts a new amodal count (and extent) for one object. */
    void beginCount() {
        stampValue++;
        if (stampValue == 0) { // wrapped: clear so stale stamps cannot match
            java.util.Arrays.fill(stamp, 0);
            stampValue = 1;
        }
        stampCount = 0;
        extMinX = Double.MAX_VALUE;
        extMinY = Double.MAX_VALUE;
        extMaxX = -Double.MAX_VALUE;
        extMaxY = -Double.MAX_VALUE;
    }

    int count() {
        return stampCount;
    }

    /**
     * Draws (or, with {@code countOnly}, counts) a convex polygon of {@code n} camera-frame
     * vertices {@code (px[i], py[i], pz[i])}.
     *
     * @param noise texture noise amplitude in 8-bit levels (0 = flat colour)
     */
    void polygon(double[] px, double[] py, double[] pz, int n, int colour, byte cls, int instance, int noise,
                 boolean countOnly) {
        // clip against the near plane (Sutherland–Hodgman, one plane)
        int m = 0;
        for (int i = 0; i < n; i++) {
            int j = i + 1 == n ? 0 : i + 1;
            double zi = pz[i];
            double zj = pz[j];
            boolean inI = zi >= NEAR;
            if (inI) {
                cxs[m] = px[i];
                cys[m] = py[i];
                czs[m] = zi;
                m++;
            }
            if (inI != (zj >= NEAR)) {
                double t = (NEAR - zi) / (zj - zi);
                cxs[m] = px[i] + t * (px[j] - px[i]);
                cys[m] = py[i] + t * (py[j] - py[i]);
                czs[m] = NEAR;
                m++;
            }
        }
        if (m < 3) {
            return;
        }
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < m; i++) {
            double iz = 1.0 / czs[i];
            siz[i] = iz;
            sx[i] = fx * cxs[i] * iz + cx;
            sy[i] = fy * cys[i] * iz + cy;
            minX = Math.min(minX, sx[i]);
            maxX = Math.max(maxX, sx[i]);
            minY = Math.min(minY, sy[i]);
            maxY = Math.max(maxY, sy[i]);
        }
        if (countOnly) {
            extMinX = Math.min(extMinX, minX);
            extMaxX = Math.max(extMaxX, maxX);
            extMinY = Math.min(extMinY, minY);
            extMaxY = Math.max(extMaxY, maxY);
        }
        if (maxX < 0 || maxY < 0 || minX > w - 1 || minY > h - 1) {
            return;
        }
        for (int i = 1; i + 1 < m; i++) {
            triangle(0, i, i + 1, colour, cls, instance, noise, countOnly);
        }
    }

    private void triangle(int a, int b, int c, int colour, byte cls, int instance, int noise, boolean countOnly) {
        double x0 = sx[a];
        double y0 = sy[a];
        double x1 = sx[b];
        double y1 = sy[b];
        double x2 = sx[c];
        double y2 = sy[c];
        double z0 = siz[a];
        double z1 = siz[b];
        double z2 = siz[c];
        double area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
        if (area < 0) {
            double t = x1;
            x1 = x2;
            x2 = t;
            t = y1;
            y1 = y2;
            y2 = t;
            t = z1;
            z1 = z2;
            z2 = t;
            area = -area;
        }
        if (!(area > 1e-12)) {
            return;
        }
        int minX = Math.max(0, (int) Math.ceil(Math.min(x0, Math.min(x1, x2))));
        int maxX = Math.min(w - 1, (int) Math.floor(Math.max(x0, Math.max(x1, x2))));
        int minY = Math.max(0, (int) Math.ceil(Math.min(y0, Math.min(y1, y2))));
        int maxY = Math.min(h - 1, (int) Math.floor(Math.max(y0, Math.max(y1, y2))));
        if (minX > maxX || minY > maxY) {
            return;
        }
        // edge functions: e0 opposite vertex 0 (edge 1→2), e1 opposite 1 (2→0), e2 opposite 2 (0→1)
        double a0 = -(y2 - y1);
        double b0 = x2 - x1;
        double a1 = -(y0 - y2);
        double b1 = x0 - x2;
        double a2 = -(y1 - y0);
        double b2 = x1 - x0;
        double inv = 1.0 / area;
        double dizdx = (a0 * z0 + a1 * z1 + a2 * z2) * inv;
        double dizdy = (b0 * z0 + b1 * z1 + b2 * z2) * inv;
        double e0r = a0 * (minX - x1) + b0 * (minY - y1);
        double e1r = a1 * (minX - x2) + b1 * (minY - y2);
        double e2r = a2 * (minX - x0) + b2 * (minY - y0);
        double izr = (e0r * z0 + e1r * z1 + e2r * z2) * inv;
        // a little slack so shared edges never leave cracks between faces
        double eps = -1e-7 * area;
        for (int y = minY; y <= maxY; y++) {
            double lo = minX;
            double hi = maxX;
            lo = span(e0r, a0, eps, lo, hi, true, minX);
            hi = span(e0r, a0, eps, lo, hi, false, minX);
            lo = span(e1r, a1, eps, lo, hi, true, minX);
            hi = span(e1r, a1, eps, lo, hi, false, minX);
            lo = span(e2r, a2, eps, lo, hi, true, minX);
            hi = span(e2r, a2, eps, lo, hi, false, minX);
            if (lo <= hi) {
                int xs = (int) lo;
                int xe = (int) hi;
                int row = y * w;
                if (countOnly) {
                    for (int x = xs; x <= xe; x++) {
                        int idx = row + x;
                        if (stamp[idx] != stampValue) {
                            stamp[idx] = stampValue;
                            stampCount++;
                        }
                    }
                } else {
                    double iz = izr + (xs - minX) * dizdx;
                    for (int x = xs; x <= xe; x++, iz += dizdx) {
                        int idx = row + x;
                        float z = (float) (1.0 / iz);
                        if (z < depth[idx]) {
                            depth[idx] = z;
                            sem[idx] = cls;
                            inst[idx] = instance;
                            rgb[idx] = noise == 0 ? colour : textured(colour, idx, noise);
                        }
                    }
                }
            }
            e0r += b0;
            e1r += b1;
            e2r += b2;
            izr += dizdy;
        }
    }

    /**
     * Narrows [lo, hi] to the pixels where the edge function e + a·(x − x0) ≥ eps. With
     * {@code lower} it returns the new lower bound, else the new upper bound.
     */
    private static double span(double e, double a, double eps, double lo, double hi, boolean lower, int x0) {
        if (a > 0) {
            return lower ? Math.max(lo, x0 + Math.ceil((eps - e) / a)) : hi;
        }
        if (a < 0) {
            return lower ? lo : Math.min(hi, x0 + Math.floor((e - eps) / -a));
        }
        if (e < eps) {
            return lower ? Double.MAX_VALUE : -Double.MAX_VALUE;
        }
        return lower ? lo : hi;
    }

    private static int textured(int colour, int idx, int noise) {
        int hsh = idx * 0x9E3779B1;
        hsh ^= hsh >>> 15;
        hsh *= 0x85EBCA77;
        int n = (((hsh >>> 24) - 128) * noise) >> 7;
        int r = FastMath.clamp255(((colour >> 16) & 255) + n);
        int g = FastMath.clamp255(((colour >> 8) & 255) + n);
        int b = FastMath.clamp255((colour & 255) + n);
        return (r << 16) | (g << 8) | b;
    }
}
