package dev.trident.trainer.world;

import dev.trident.calibration.CameraIntrinsics;

/**
 * First pass of a render: casts each pixel's ray onto the ground and paints road, lane markings,
 * crosswalks, the raised sidewalk and the verge with their exact depth, or the sky where the ray
 * points above the horizon. The road surface is the plane z = 0; the sidewalk and verge stand at
 * the curb height.
 *
 * <p>Not thread-safe (scratch state); owned by one {@link WorldRenderer}.
 */
final class GroundPainter {
    private final double[] sd = new double[2];
    private long paletteSeed = Long.MIN_VALUE;
    private int asphalt;
    private int sidewalk;
    private int verge;
    private int white;
    private double dashPhase;

    private void palette(long seed) {
        if (seed == paletteSeed) {
            return;
        }
        paletteSeed = seed;
        Rng rng = new Rng(Rng.mix(seed ^ 0x5DEECE66DL));
        int g = rng.rangeInt(70, 110);
        int warm = rng.rangeInt(-4, 6);
        asphalt = ((g + warm) << 16) | ((g + warm / 2) << 8) | g;
        int sw = rng.rangeInt(150, 190);
        sidewalk = (sw << 16) | ((sw - 4) << 8) | (sw - 10);
        verge = rng.pick(0x4a6e2e, 0x5a7a34, 0x6a7a3a, 0x3e6028, 0x7a7a48);
        int wh = rng.rangeInt(200, 235);
        white = (wh << 16) | (wh << 8) | (wh - 5);
        dashPhase = rng.range(0, 9);
    }

    void paint(Scene scene, RenderedFrame f, double[] m, double[] t) {
        palette(scene.seed());
        Road road = scene.road();
        Conditions c = scene.conditions();
        CameraIntrinsics k = scene.intrinsics();
        int w = f.width();
        int h = f.height();
        double cxw = -(m[0] * t[0] + m[3] * t[1] + m[6] * t[2]);
        double cyw = -(m[1] * t[0] + m[4] * t[1] + m[7] * t[2]);
        double czw = -(m[2] * t[0] + m[5] * t[1] + m[8] * t[2]);
        double curb = road.curbHeight();
        double hw = road.halfWidth();
        double light = c.ambient() + c.diffuse() * Math.max(0, Math.sin(c.sunElevation()));
        int zenith = c.skyZenith();
        int horizon = c.skyHorizon();
        int[] rgb = f.rgb;
        byte[] sem = f.semantic;
        float[] depth = f.depth;
        double invFx = 1.0 / k.fx();
        for (int v = 0; v < h; v++) {
            double b = (v - k.cy()) / k.fy();
            double bx = b * m[3] + m[6];
            double by = b * m[4] + m[7];
            double bz = b * m[5] + m[8];
            int row = v * w;
            for (int u = 0; u < w; u++) {
                double a = (u - k.cx()) * invFx;
                double dx = a * m[0] + bx;
                double dy = a * m[1] + by;
                double dz = a * m[2] + bz;
                int idx = row + u;
                if (!(dz < -1e-9)) {
                    double elev = dz / Math.sqrt(dx * dx + dy * dy + dz * dz);
                    double s = Math.min(1, Math.max(0, elev * 2.2));
                    rgb[idx] = lerp(horizon, zenith, Math.sqrt(s));
                    sem[idx] = WorldClasses.SKY;
                    depth[idx] = Float.POSITIVE_INFINITY;
                    continue;
                }
                double tg = czw / -dz;
                road.toRoad(cxw + tg * dx, cyw + tg * dy, sd);
                double rs = sd[0];
                double rd = sd[1];
                if (Math.abs(rd) >= hw) {
                    double t2 = (czw - curb) / -dz;
                    road.toRoad(cxw + t2 * dx, cyw + t2 * dy, sd);
                    if (Math.abs(sd[1]) >= hw) {
                        tg = t2;
                        rs = sd[0];
                        rd = sd[1];
                    }
                }
                depth[idx] = (float) tg;
                shade(road, rs, rd, hw, idx, rgb, sem, light);
            }
        }
    }

    private void shade(Road road, double s, double d, double hw, int idx, int[] rgb, byte[] sem, double light) {
        double ad = Math.abs(d);
        int fine = Rng.hash2((int) Math.floor(s * 16), (int) Math.floor(d * 16));
        int noise = (fine >> 24) / 18; // about ±7 levels
        if (ad < hw) {
            int marking = marking(road, s, d, ad, hw);
            if (marking != 0) {
                sem[idx] = WorldClasses.LANE_MARKING;
                rgb[idx] = add(ObjectModels.scale(marking, light), noise / 2);
                return;
            }
            sem[idx] = WorldClasses.ROAD;
            int base = asphalt;
            // worn, darker wheel tracks in every lane
            double inLane = (d + hw) / road.laneWidth();
            double frac = inLane - Math.floor(inLane) - 0.5;
            double track = Math.abs(Math.abs(frac) * road.laneWidth() - 0.8);
            if (track < 0.35) {
                base = ObjectModels.scale(base, 0.9 + 0.1 * track / 0.35);
            }
            rgb[idx] = add(ObjectModels.scale(base, light), noise);
            return;
        }
        double out = ad - hw;
        if (out < road.sidewalkWidth() || !road.grassVerge()) {
            sem[idx] = WorldClasses.SIDEWALK;
            double ts = s - Math.floor(s);
            double td = out - Math.floor(out);
            int base = ts < 0.04 || td < 0.04 ? ObjectModels.scale(sidewalk, 0.82) : sidewalk;
            if (out >= road.sidewalkWidth()) {
                base = ObjectModels.scale(base, 0.9);
            }
            rgb[idx] = add(ObjectModels.scale(base, light), noise / 2);
            return;
        }
        sem[idx] = WorldClasses.VEGETATION;
        int g = Rng.hash2((int) Math.floor(s * 3), (int) Math.floor(d * 3)) >> 27;
        rgb[idx] = add(ObjectModels.scale(verge, light), noise * 2 + g);
    }

    /** Marking colour at road point (s, d), or 0 for bare asphalt. */
    private int marking(Road road, double s, double d, double ad, double hw) {
        if (ad > hw - 0.27 && ad < hw - 0.12) {
            return white;
        }
        for (int i = 0; i < road.crosswalkCount(); i++) {
            double cs = road.crosswalkStart(i);
            if (s >= cs && s < cs + Road.CROSSWALK_LENGTH && ad < hw - 0.4) {
                return ((int) Math.floor((d + hw) / 0.55) & 1) == 0 ? white : 0;
            }
        }
        double lw = road.laneWidth();
        double pos = (d + hw) / lw;
        int k = (int) Math.round(pos);
        if (k <= 0 || k >= road.lanes()) {
            return 0;
        }
        double off = Math.abs(d - (-hw + k * lw));
        if (k == road.forwardLanes()) {
            if (road.yellowCentre()) {
                return off > 0.05 && off < 0.17 ? 0xdcb030 : 0;
            }
            return off < 0.08 ? white : 0;
        }
        if (off < 0.07) {
            double p = s - dashPhase;
            double q = p - Math.floor(p / road.dashPeriod()) * road.dashPeriod();
            return q < road.dashLength() ? white : 0;
        }
        return 0;
    }

    private static int add(int rgb, int n) {
        int r = FastMath.clamp255(((rgb >> 16) & 255) + n);
        int g = FastMath.clamp255(((rgb >> 8) & 255) + n);
        int b = FastMath.clamp255((rgb & 255) + n);
        return (r << 16) | (g << 8) | b;
    }

    static int lerp(int c0, int c1, double t) {
        int r = (int) (((c0 >> 16) & 255) * (1 - t) + ((c1 >> 16) & 255) * t);
        int g = (int) (((c0 >> 8) & 255) * (1 - t) + ((c1 >> 8) & 255) * t);
        int b = (int) ((c0 & 255) * (1 - t) + (c1 & 255) * t);
        return (r << 16) | (g << 8) | b;
    }
}
