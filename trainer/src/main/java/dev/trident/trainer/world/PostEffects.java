package dev.trident.trainer.world;

/**
 * Last pass of a render, on colour only: exposure and white balance, depth-dependent fog and
 * haze, rain streaks, horizontal motion blur and sensor noise.
 *
 * <p>Holds row scratch buffers and a fog table; owned by one renderer, not thread-safe.
 */
final class PostEffects {
    private static final double HAZE = 0.0025;
    private static final int FOG_STEPS_PER_M = 4;
    private static final int FOG_MAX_M = 500;

    private final int w;
    private final int h;
    private final int[] row;
    private final float[] fogTable = new float[FOG_MAX_M * FOG_STEPS_PER_M + 1];
    private double fogTableDensity = Double.NaN;

    PostEffects(int w, int h) {
        this.w = w;
        this.h = h;
        this.row = new int[w];
    }

    void apply(RenderedFrame f, Conditions c, long seed) {
        light(f, c);
        if (c.rain() > 0) {
            rain(f, c, new Rng(Rng.mix(seed ^ 0x7261696EL)));
        }
        if (c.blurPixels() > 0) {
            blur(f.rgb, c.blurPixels());
        }
        if (c.noiseSigma() > 0) {
            noise(f.rgb, c.noiseSigma(), (int) Rng.mix(seed ^ 0x6E6F6973L) | 1);
        }
    }

    private void light(RenderedFrame f, Conditions c) {
        double density = c.fogDensity() + HAZE;
        if (density != fogTableDensity) {
            for (int i = 0; i < fogTable.length; i++) {
                fogTable[i] = (float) (1 - Math.exp(-density * i / (double) FOG_STEPS_PER_M));
            }
            fogTableDensity = density;
        }
        int tint = c.tint();
        double e = c.exposure();
        double er = e * ((tint >> 16) & 255) / 255.0;
        double eg = e * ((tint >> 8) & 255) / 255.0;
        double eb = e * (tint & 255) / 255.0;
        int fog = c.fogColour();
        double fr = ((fog >> 16) & 255) * e;
        double fgc = ((fog >> 8) & 255) * e;
        double fb = (fog & 255) * e;
        double skyFog = Math.min(0.85, c.fogDensity() * 30);
        int[] rgb = f.rgb;
        float[] depth = f.depth;
        int last = fogTable.length - 1;
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            double r = (p >> 16) & 255;
            double g = (p >> 8) & 255;
            double b = p & 255;
            float z = depth[i];
            double k;
            if (z == Float.POSITIVE_INFINITY) {
                r *= e;
                g *= e;
                b *= e;
                k = skyFog;
            } else {
                r *= er;
                g *= eg;
                b *= eb;
                int zi = (int) (z * FOG_STEPS_PER_M);
                k = fogTable[zi > last ? last : zi];
            }
            r += (fr - r) * k;
            g += (fgc - g) * k;
            b += (fb - b) * k;
            rgb[i] = (FastMath.clamp255((int) (r + 0.5)) << 16) | (FastMath.clamp255((int) (g + 0.5)) << 8)
                    | FastMath.clamp255((int) (b + 0.5));
        }
    }

    /** Short bright slanted streaks, blended over the image. */
    private void rain(RenderedFrame f, Conditions c, Rng rng) {
        int[] rgb = f.rgb;
        int streaks = (int) (c.rain() * w * h / 900.0);
        double slant = rng.range(-0.25, 0.25);
        for (int s = 0; s < streaks; s++) {
            int x0 = rng.nextInt(w);
            int y0 = rng.nextInt(h);
            int len = 6 + rng.nextInt(18);
            double alpha = rng.range(0.12, 0.3);
            for (int j = 0; j < len; j++) {
                int y = y0 + j;
                int x = x0 + (int) Math.round(j * slant);
                if (y >= h || x < 0 || x >= w) {
                    break;
                }
                int idx = y * w + x;
                rgb[idx] = GroundPainter.lerp(rgb[idx], 0xd8dce4, alpha);
            }
        }
    }

    /** Box blur along rows over {@code len + 1} pixels (camera panning / vibration blur). */
    private void blur(int[] rgb, int len) {
        int n = len + 1;
        int half = len / 2;
        for (int y = 0; y < h; y++) {
            int base = y * w;
            System.arraycopy(rgb, base, row, 0, w);
            int sr = 0;
            int sg = 0;
            int sb = 0;
            for (int k = -half; k <= len - half; k++) {
                int p = row[clampX(k)];
                sr += (p >> 16) & 255;
                sg += (p >> 8) & 255;
                sb += p & 255;
            }
            for (int x = 0; x < w; x++) {
                rgb[base + x] = ((sr / n) << 16) | ((sg / n) << 8) | (sb / n);
                int out = row[clampX(x - half)];
                int in = row[clampX(x - half + len + 1)];
                sr += ((in >> 16) & 255) - ((out >> 16) & 255);
                sg += ((in >> 8) & 255) - ((out >> 8) & 255);
                sb += (in & 255) - (out & 255);
            }
        }
    }

    private int clampX(int x) {
        return x < 0 ? 0 : (x >= w ? w - 1 : x);
    }

    /** Gaussian-like luminance noise plus weaker per-channel noise (xorshift; deterministic). */
    private void noise(int[] rgb, double sigma, int state) {
        // sum of four bytes: standard deviation 147.8 around 510
        double lumaScale = sigma / 147.8;
        double chromaScale = sigma * 0.5 / 73.9;
        int x = state;
        for (int i = 0; i < rgb.length; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            int sum = (x & 255) + ((x >>> 8) & 255) + ((x >>> 16) & 255) + (x >>> 24);
            int luma = (int) Math.round((sum - 510) * lumaScale);
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            int p = rgb[i];
            int r = FastMath.clamp255(((p >> 16) & 255) + luma + (int) (((x & 255) - 127.5) * chromaScale));
            int g = FastMath.clamp255(((p >> 8) & 255) + luma + (int) ((((x >>> 8) & 255) - 127.5) * chromaScale));
            int b = FastMath.clamp255((p & 255) + luma + (int) ((((x >>> 16) & 255) - 127.5) * chromaScale));
            rgb[i] = (r << 16) | (g << 8) | b;
        }
    }
}
