package dev.trident.trainer.world;

import java.util.Arrays;

/**
 * Assembles a {@link Mesh} from boxes, tapered boxes and flat polygons. Colours are 0xRRGGBB.
 *
 * <p>Not thread-safe; one builder per mesh.
 */
public final class MeshBuilder {
    /** Face order used by the per-face colour arrays of the box methods. */
    public static final int FRONT = 0, BACK = 1, LEFT = 2, RIGHT = 3, TOP = 4, BOTTOM = 5;
    /** Colour value that leaves a face out. */
    public static final int SKIP = -1;

    // corner index bits: 1 = +x, 2 = +y, 4 = +z
    private static final int[][] FACES = {
        {1, 3, 7, 5}, {0, 4, 6, 2}, {2, 6, 7, 3}, {0, 1, 5, 4}, {4, 5, 7, 6}, {0, 2, 3, 1}};

    private float[] verts = new float[96];
    private int vertCount;
    private int[] first = new int[16];
    private int[] size = new int[16];
    private float[] normal = new float[48];
    private int[] colour = new int[16];
    private byte[] cls = new byte[16];
    private boolean[] inst = new boolean[16];
    private int[] flags = new int[16];
    private int faces;
    private final float[] ext = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE,
        -Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};

    private byte currentClass;
    private boolean currentInstance;

    /** Sets the segmentation class and instance membership of the faces added next. */
    public MeshBuilder part(byte segClass, boolean instance) {
        this.currentClass = segClass;
        this.currentInstance = instance;
        return this;
    }

    /** Axis-aligned box [x0,x1]×[y0,y1]×[z0,z1]; one colour for every face except the bottom. */
    public MeshBuilder box(double x0, double y0, double z0, double x1, double y1, double z1, int rgb, int flag) {
        return box(x0, y0, z0, x1, y1, z1, new int[] {rgb, rgb, rgb, rgb, rgb, SKIP}, flag);
    }

    /** Axis-aligned box with per-face colours in {@link #FRONT}..{@link #BOTTOM} order. */
    public MeshBuilder box(double x0, double y0, double z0, double x1, double y1, double z1, int[] rgb, int flag) {
        return taperedBox(x0, x1, x0, x1, y0, y1, y0, y1, z0, z1, rgb, flag);
    }

    /**
     * A box whose top face is a different (smaller or shifted) rectangle than its bottom: the
     * bottom spans [bx0,bx1]×[by0,by1] at z0, the top [tx0,tx1]×[ty0,ty1] at z1 (y half-widths
     * given as ±). Gives sloped windscreens and tree crowns.
     */
    public MeshBuilder taperedBox(double bx0, double bx1, double tx0, double tx1, double by0, double by1,
                                  double ty0, double ty1, double z0, double z1, int[] rgb, int flag) {
        double[][] c = new double[8][];
        for (int i = 0; i < 8; i++) {
            boolean top = (i & 4) != 0;
            double x = (i & 1) != 0 ? (top ? tx1 : bx1) : (top ? tx0 : bx0);
            double y = (i & 2) != 0 ? (top ? ty1 : by1) : (top ? ty0 : by0);
            c[i] = new double[] {x, y, top ? z1 : z0};
        }
        double mx = 0, my = 0, mz = 0;
        for (double[] p : c) {
            mx += p[0] / 8;
            my += p[1] / 8;
            mz += p[2] / 8;
        }
        for (int f = 0; f < 6; f++) {
            if (rgb[f] == SKIP) {
                continue;
            }
            int[] idx = FACES[f];
            double[][] poly = {c[idx[0]], c[idx[1]], c[idx[2]], c[idx[3]]};
            addPolygon(poly, rgb[f], flag, mx, my, mz);
        }
        return this;
    }

    /** Flat convex polygon (vertices in order); its normal points away from (ox, oy, oz). */
    public MeshBuilder polygon(double[][] pts, int rgb, int flag, double ox, double oy, double oz) {
        addPolygon(pts, rgb, flag, ox, oy, oz);
        return this;
    }

    /**
     * A regular n-gon disc of radius r centred at (x, y, z), lying in the plane perpendicular to
     * axis 0 (x) or 1 (y), facing the given sign along that axis.
     */
    public MeshBuilder disc(double x, double y, double z, double r, int n, int axis, int facing, int rgb, int flag) {
        double[][] pts = new double[n][];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * (i + 0.5) / n;
            double p = r * Math.cos(a);
            double q = r * Math.sin(a);
            pts[i] = axis == 0 ? new double[] {x, y + p, z + q} : new double[] {x + p, y, z + q};
        }
        double ox = axis == 0 ? x - facing : x;
        double oy = axis == 1 ? y - facing : y;
        addPolygon(pts, rgb, flag, ox, oy, z);
        return this;
    }

    private void addPolygon(double[][] pts, int rgb, int flag, double ox, double oy, double oz) {
        int n = pts.length;
        double[] a = pts[0];
        // Newell's method: robust normal for any planar polygon
        double nx = 0, ny = 0, nz = 0, cx = 0, cy = 0, cz = 0;
        for (int i = 0; i < n; i++) {
            double[] p = pts[i];
            double[] q = pts[(i + 1) % n];
            nx += (p[1] - q[1]) * (p[2] + q[2]);
            ny += (p[2] - q[2]) * (p[0] + q[0]);
            nz += (p[0] - q[0]) * (p[1] + q[1]);
            cx += p[0] / n;
            cy += p[1] / n;
            cz += p[2] / n;
        }
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (len < 1e-12) {
            return;
        }
        nx /= len;
        ny /= len;
        nz /= len;
        if (nx * (cx - ox) + ny * (cy - oy) + nz * (cz - oz) < 0) {
            nx = -nx;
            ny = -ny;
            nz = -nz;
        }
        ensureFaces(faces + 1);
        ensureVerts(vertCount + n);
        first[faces] = vertCount;
        size[faces] = n;
        normal[faces * 3] = (float) nx;
        normal[faces * 3 + 1] = (float) ny;
        normal[faces * 3 + 2] = (float) nz;
        colour[faces] = rgb;
        cls[faces] = currentClass;
        inst[faces] = currentInstance;
        flags[faces] = flag;
        faces++;
        for (double[] p : pts) {
            for (int k = 0; k < 3; k++) {
                verts[vertCount * 3 + k] = (float) p[k];
                ext[k] = Math.min(ext[k], (float) p[k]);
                ext[k + 3] = Math.max(ext[k + 3], (float) p[k]);
            }
            vertCount++;
        }
        if (a.length != 3) {
            throw new IllegalArgumentException("polygon vertices need 3 coordinates");
        }
    }

    private void ensureFaces(int n) {
        if (n > first.length) {
            int m = Math.max(n, first.length * 2);
            first = Arrays.copyOf(first, m);
            size = Arrays.copyOf(size, m);
            normal = Arrays.copyOf(normal, m * 3);
            colour = Arrays.copyOf(colour, m);
            cls = Arrays.copyOf(cls, m);
            inst = Arrays.copyOf(inst, m);
            flags = Arrays.copyOf(flags, m);
        }
    }

    private void ensureVerts(int n) {
        if (n * 3 > verts.length) {
            verts = Arrays.copyOf(verts, Math.max(n * 3, verts.length * 2));
        }
    }

    public Mesh build() {
        if (faces == 0) {
            throw new IllegalStateException("empty mesh");
        }
        return new Mesh(Arrays.copyOf(verts, vertCount * 3), Arrays.copyOf(first, faces), Arrays.copyOf(size, faces),
                Arrays.copyOf(normal, faces * 3), Arrays.copyOf(colour, faces), Arrays.copyOf(cls, faces),
                Arrays.copyOf(inst, faces), Arrays.copyOf(flags, faces), ext.clone());
    }
}
