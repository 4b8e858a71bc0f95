package dev.trident.trainer.world;

import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.PinholeCamera;
import java.util.Arrays;
import java.util.List;

/**
 * Software renderer of the driving world through the calibration module's pinhole camera: casts
 * every pixel onto the ground (road, markings, sidewalk, verge) or the sky, z-buffers the meshes
 * over it, derives per-object labels, then applies light, fog, rain, blur and sensor noise to the
 * colour only (labels stay exact).
 *
 * <p>Reuses its scratch buffers across frames of the same size; one renderer per thread (not
 * thread-safe). Deterministic: the same scene, ego pose and frame seed give the same bytes.
 */
public final class WorldRenderer {
    /** Objects showing fewer pixels than this get no detection label (they stay in the segmentation). */
    public static final int MIN_VISIBLE_PIXELS = 10;
    /** Objects whose bounding sphere is farther than this are not drawn, metres. */
    private static final double DRAW_DISTANCE = 220;

    private final int width;
    private final int height;
    private final RenderedFrame target;
    private final Rasterizer raster;
    private final PostEffects post;
    private final GroundPainter ground = new GroundPainter();
    private final CameraIntrinsics intrinsics;
    private final double[] planes = new double[12];

    private double[] vx = new double[64];
    private double[] vy = new double[64];
    private double[] vz = new double[64];
    private final double[] fxs = new double[32];
    private final double[] fys = new double[32];
    private final double[] fzs = new double[32];
    private final double[] tmp = new double[3];

    private int[] visCount = new int[64];
    private int[] boxMinX = new int[64];
    private int[] boxMaxX = new int[64];
    private int[] boxMinY = new int[64];
    private int[] boxMaxY = new int[64];
    private WorldObject[] drawnById = new WorldObject[64];

    // world → camera: p_c = M·p_w + T
    private final double[] m = new double[9];
    private final double[] t = new double[3];

    /** A renderer drawing into {@code target}, whose size must match the intrinsics of the scenes rendered. */
    public WorldRenderer(CameraIntrinsics intrinsics, RenderedFrame target) {
        if (intrinsics.width() != target.width() || intrinsics.height() != target.height()) {
            throw new IllegalArgumentException("render target " + target.width() + "x" + target.height()
                    + " does not match the camera image size " + intrinsics.width() + "x" + intrinsics.height());
        }
        this.intrinsics = intrinsics;
        this.width = target.width();
        this.height = target.height();
        this.target = target;
        this.raster = new Rasterizer(target, intrinsics.fx(), intrinsics.fy(), intrinsics.cx(), intrinsics.cy());
        this.post = new PostEffects(width, height);
        double w = width;
        double h = height;
        setPlane(0, intrinsics.fx(), 0, intrinsics.cx() + 0.5);
        setPlane(1, -intrinsics.fx(), 0, w - 0.5 - intrinsics.cx());
        setPlane(2, 0, intrinsics.fy(), intrinsics.cy() + 0.5);
        setPlane(3, 0, -intrinsics.fy(), h - 0.5 - intrinsics.cy());
    }

    private void setPlane(int i, double a, double b, double c) {
        double n = Math.sqrt(a * a + b * b + c * c);
        planes[i * 3] = a / n;
        planes[i * 3 + 1] = b / n;
        planes[i * 3 + 2] = c / n;
    }

    public RenderedFrame target() {
        return target;
    }

    /**
     * Renders {@code scene} seen from {@code ego} into the target frame.
     *
     * @param frameSeed seeds the per-frame randomness (rain streaks, sensor noise)
     * @return the target frame
     */
    public RenderedFrame render(Scene scene, EgoPose ego, long frameSeed) {
        if (!scene.intrinsics().equals(intrinsics)) {
            throw new IllegalArgumentException("scene camera " + scene.intrinsics() + " differs from the renderer's "
                    + intrinsics);
        }
        PinholeCamera camera = new PinholeCamera(intrinsics, scene.mount());
        setUpView(camera, ego);
        target.camera = camera;
        target.ego = ego;
        target.objects.clear();
        Arrays.fill(target.instance, 0);
        ground.paint(scene, target, m, t);
        List<WorldObject> objects = scene.objects();
        ensureIds(objects);
        Conditions c = scene.conditions();
        double sunX = Math.cos(c.sunElevation()) * Math.cos(c.sunAzimuth());
        double sunY = Math.cos(c.sunElevation()) * Math.sin(c.sunAzimuth());
        double sunZ = Math.sin(c.sunElevation());
        for (WorldObject o : objects) {
            if (visible(o)) {
                draw(o, c, sunX, sunY, sunZ, false);
            }
        }
        label(objects);
        post.apply(target, c, frameSeed);
        return target;
    }

    private void setUpView(PinholeCamera camera, EgoPose ego) {
        // vehicle → camera, read off the calibration camera by transforming the basis
        double[] o = new double[3];
        camera.vehicleToCamera(0, 0, 0, o);
        double[] r = new double[9];
        for (int k = 0; k < 3; k++) {
            camera.vehicleToCamera(k == 0 ? 1 : 0, k == 1 ? 1 : 0, k == 2 ? 1 : 0, tmp);
            r[k] = tmp[0] - o[0];
            r[3 + k] = tmp[1] - o[1];
            r[6 + k] = tmp[2] - o[2];
        }
        // world → vehicle: Rz(−heading)·(p − e)
        double ch = Math.cos(ego.heading());
        double sh = Math.sin(ego.heading());
        double[] rz = {ch, sh, 0, -sh, ch, 0, 0, 0, 1};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i * 3 + j] = r[i * 3] * rz[j] + r[i * 3 + 1] * rz[3 + j] + r[i * 3 + 2] * rz[6 + j];
            }
        }
        for (int i = 0; i < 3; i++) {
            t[i] = o[i] - (m[i * 3] * ego.x() + m[i * 3 + 1] * ego.y());
        }
    }

    private void ensureIds(List<WorldObject> objects) {
        int max = 0;
        for (WorldObject o : objects) {
            if (o.kind() != null) {
                if (o.id() < 0) {
                    throw new IllegalArgumentException("object ids must be >= 0, got " + o.id());
                }
                max = Math.max(max, o.id() + 1);
            }
        }
        if (max > visCount.length) {
            int n = Math.max(max, visCount.length * 2);
            visCount = new int[n];
            boxMinX = new int[n];
            boxMaxX = new int[n];
            boxMinY = new int[n];
            boxMaxY = new int[n];
            drawnById = new WorldObject[n];
        }
        Arrays.fill(drawnById, null);
    }

    private boolean visible(WorldObject o) {
        Mesh mesh = o.mesh();
        double wx = o.x();
        double wy = o.y();
        double wz = o.z() + mesh.centreZ;
        double px = m[0] * wx + m[1] * wy + m[2] * wz + t[0];
        double py = m[3] * wx + m[4] * wy + m[5] * wz + t[1];
        double pz = m[6] * wx + m[7] * wy + m[8] * wz + t[2];
        double r = mesh.radius;
        if (pz < -r || pz - r > DRAW_DISTANCE) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (planes[i * 3] * px + planes[i * 3 + 1] * py + planes[i * 3 + 2] * pz < -r) {
                return false;
            }
        }
        return true;
    }

    /** Transforms the mesh to camera space and rasterises its faces (or only its labelled faces, counting). */
    private void draw(WorldObject o, Conditions c, double sunX, double sunY, double sunZ, boolean countOnly) {
        Mesh mesh = o.mesh();
        double cy = Math.cos(o.yaw());
        double sy = Math.sin(o.yaw());
        // object → camera: M·(Rz(yaw)·p + pos) + T
        double m00 = m[0] * cy + m[1] * sy;
        double m01 = -m[0] * sy + m[1] * cy;
        double m10 = m[3] * cy + m[4] * sy;
        double m11 = -m[3] * sy + m[4] * cy;
        double m20 = m[6] * cy + m[7] * sy;
        double m21 = -m[6] * sy + m[7] * cy;
        double m02 = m[2];
        double m12 = m[5];
        double m22 = m[8];
        double tx = m[0] * o.x() + m[1] * o.y() + m[2] * o.z() + t[0];
        double ty = m[3] * o.x() + m[4] * o.y() + m[5] * o.z() + t[1];
        double tz = m[6] * o.x() + m[7] * o.y() + m[8] * o.z() + t[2];
        float[] v = mesh.vertices;
        int nv = v.length / 3;
        if (nv > vx.length) {
            vx = new double[nv];
            vy = new double[nv];
            vz = new double[nv];
        }
        for (int i = 0; i < nv; i++) {
            double a = v[i * 3];
            double b = v[i * 3 + 1];
            double d = v[i * 3 + 2];
            vx[i] = m00 * a + m01 * b + m02 * d + tx;
            vy[i] = m10 * a + m11 * b + m12 * d + ty;
            vz[i] = m20 * a + m21 * b + m22 * d + tz;
        }
        ObjectKind kind = o.kind();
        int instance = kind == null ? 0 : o.id() + 1;
        if (kind != null && !countOnly) {
            drawnById[o.id()] = o;
        }
        double invExposure = countOnly ? 1 : 1.0 / c.exposure();
        int faces = mesh.faceCount();
        for (int f = 0; f < faces; f++) {
            boolean labelled = kind != null && mesh.faceInstance[f];
            if (countOnly && !labelled) {
                continue;
            }
            int first = mesh.faceFirst[f];
            int n = mesh.faceSize[f];
            float nlx = mesh.faceNormal[f * 3];
            float nly = mesh.faceNormal[f * 3 + 1];
            float nlz = mesh.faceNormal[f * 3 + 2];
            int flags = mesh.faceFlags[f];
            // back-face test in camera space: camera at the origin
            double ncx = m00 * nlx + m01 * nly + m02 * nlz;
            double ncy = m10 * nlx + m11 * nly + m12 * nlz;
            double ncz = m20 * nlx + m21 * nly + m22 * nlz;
            double facing = ncx * vx[first] + ncy * vy[first] + ncz * vz[first];
            if (facing >= 0 && (flags & Mesh.TWO_SIDED) == 0) {
                continue;
            }
            for (int k = 0; k < n; k++) {
                fxs[k] = vx[first + k];
                fys[k] = vy[first + k];
                fzs[k] = vz[first + k];
            }
            int colour = 0;
            if (!countOnly) {
                double nwx = cy * nlx - sy * nly;
                double nwy = sy * nlx + cy * nly;
                double nwz = nlz;
                if (facing >= 0) { // seen from behind: light the side we see
                    nwx = -nwx;
                    nwy = -nwy;
                    nwz = -nwz;
                }
                if ((flags & Mesh.EMISSIVE) != 0) {
                    colour = ObjectModels.scale(mesh.faceColour[f], c.lampsOn() ? 1.6 * invExposure : 1.0);
                } else {
                    double lambert = c.ambient() + c.diffuse() * Math.max(0, nwx * sunX + nwy * sunY + nwz * sunZ)
                            + 0.08 * nwz;
                    colour = ObjectModels.scale(mesh.faceColour[f], lambert);
                }
            }
            int noise = (flags & Mesh.NOISY) != 0 ? 22 : 0;
            raster.polygon(fxs, fys, fzs, n, colour, mesh.faceClass[f], labelled ? instance : 0, noise, countOnly);
        }
    }

    private void label(List<WorldObject> objects) {
        int n = visCount.length;
        Arrays.fill(visCount, 0);
        Arrays.fill(boxMinX, Integer.MAX_VALUE);
        Arrays.fill(boxMinY, Integer.MAX_VALUE);
        Arrays.fill(boxMaxX, -1);
        Arrays.fill(boxMaxY, -1);
        int[] inst = target.instance;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int id = inst[row + x] - 1;
                if (id >= 0 && id < n) {
                    visCount[id]++;
                    if (x < boxMinX[id]) {
                        boxMinX[id] = x;
                    }
                    if (x > boxMaxX[id]) {
                        boxMaxX[id] = x;
                    }
                    if (y < boxMinY[id]) {
                        boxMinY[id] = y;
                    }
                    boxMaxY[id] = y;
                }
            }
        }
        Conditions none = null;
        for (WorldObject o : objects) {
            if (o.kind() == null || drawnById[o.id()] != o) {
                continue;
            }
            int id = o.id();
            int visible = visCount[id];
            if (visible < MIN_VISIBLE_PIXELS) {
                continue;
            }
            raster.beginCount();
            draw(o, none, 0, 0, 0, true);
            int amodal = Math.max(raster.count(), visible);
            double occlusion = 1.0 - (double) visible / amodal;
            double ex0 = raster.extMinX - 0.5;
            double ex1 = raster.extMaxX + 0.5;
            double ey0 = raster.extMinY - 0.5;
            double ey1 = raster.extMaxY + 0.5;
            double full = (ex1 - ex0) * (ey1 - ey0);
            double inX = Math.max(0, Math.min(ex1, width) - Math.max(ex0, 0));
            double inY = Math.max(0, Math.min(ey1, height) - Math.max(ey0, 0));
            double truncation = full > 0 ? Math.min(1, Math.max(0, 1 - inX * inY / full)) : 0;
            target.objects.add(label3d(o, id, visible, occlusion, truncation));
        }
    }

    private ObjectLabel label3d(WorldObject o, int id, int visible, double occlusion, double truncation) {
        float[] e = o.mesh().instanceExtent;
        double lx = (e[0] + e[3]) / 2;
        double ly = (e[1] + e[4]) / 2;
        double lz = (e[2] + e[5]) / 2;
        double cyaw = Math.cos(o.yaw());
        double syaw = Math.sin(o.yaw());
        double wx = o.x() + cyaw * lx - syaw * ly;
        double wy = o.y() + syaw * lx + cyaw * ly;
        double wz = o.z() + lz;
        EgoPose ego = target.ego;
        double ch = Math.cos(ego.heading());
        double sh = Math.sin(ego.heading());
        double dx = wx - ego.x();
        double dy = wy - ego.y();
        double vxv = ch * dx + sh * dy;
        double vyv = -sh * dx + ch * dy;
        target.camera.vehicleToCamera(vxv, vyv, wz, tmp);
        double yaw = Math.IEEEremainder(o.yaw() - ego.heading(), 2 * Math.PI);
        return new ObjectLabel(o.kind(), id, boxMinX[id], boxMinY[id], boxMaxX[id] + 1, boxMaxY[id] + 1, visible,
                occlusion, truncation, vxv, vyv, wz, e[3] - e[0], e[4] - e[1], e[5] - e[2], yaw, tmp[2]);
    }
}
