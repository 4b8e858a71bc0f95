package dev.trident.trainer.world;

/**
 * Light, weather and sensor conditions of one render. Immutable; thread-safe.
 *
 * @param sunAzimuth    radians, world frame (0 = sun towards +x)
 * @param sunElevation  radians above the horizon
 * @param ambient       light on faces turned away from the sun (0–1)
 * @param diffuse       extra light on faces facing the sun (0–1)
 * @param exposure      overall brightness multiplier
 * @param tint          0xRRGGBB white balance of the light (0xffffff = neutral)
 * @param skyZenith     sky colour overhead
 * @param skyHorizon    sky colour at the horizon
 * @param fogDensity    extinction per metre (0 = clear); haze is always mixed in lightly
 * @param fogColour     colour the fog fades to
 * @param rain          0 (dry) to 1 (heavy): streak density
 * @param noiseSigma    sensor noise, standard deviation in 8-bit levels
 * @param blurPixels    horizontal motion blur length in pixels (0 = sharp)
 * @param lampsOn       whether vehicle and traffic lamps glow (dusk and night)
 */
public record Conditions(double sunAzimuth, double sunElevation, double ambient, double diffuse, double exposure,
                         int tint, int skyZenith, int skyHorizon, double fogDensity, int fogColour, double rain,
                         double noiseSigma, int blurPixels, boolean lampsOn) {

    /** Clear midday, no noise, no blur: for tests that compare colours. */
    public static Conditions clearNoon() {
        return new Conditions(0.8, Math.toRadians(55), 0.55, 0.5, 1.0, 0xffffff, 0x3a78c8, 0xb8d0e8, 0.0, 0xc8d0d8,
                0, 0, 0, false);
    }

    /** Random conditions: time of day, exposure, fog, rain, noise and blur. */
    public static Conditions random(Rng rng) {
        double t = rng.uniform();
        double elev;
        double ambient;
        double diffuse;
        double exposure;
        int tint;
        int zenith;
        int horizon;
        boolean lamps = false;
        if (t < 0.6) { // day
            elev = Math.toRadians(rng.range(25, 70));
            ambient = rng.range(0.5, 0.62);
            diffuse = rng.range(0.35, 0.55);
            exposure = rng.range(0.9, 1.12);
            tint = 0xffffff;
            zenith = rng.pick(0x3a78c8, 0x4a86d0, 0x5a8cc0, 0x6f95bd);
            horizon = rng.pick(0xb8d0e8, 0xc8d8e8, 0xd0dce4);
        } else if (t < 0.8) { // overcast
            elev = Math.toRadians(rng.range(30, 60));
            ambient = rng.range(0.7, 0.82);
            diffuse = rng.range(0.05, 0.15);
            exposure = rng.range(0.85, 1.05);
            tint = 0xf4f6ff;
            zenith = rng.pick(0x9aa4b0, 0xa8b0b8, 0x8c949c);
            horizon = rng.pick(0xc8ccd0, 0xd4d6d8);
        } else if (t < 0.93) { // golden hour
            elev = Math.toRadians(rng.range(5, 15));
            ambient = rng.range(0.45, 0.55);
            diffuse = rng.range(0.45, 0.6);
            exposure = rng.range(0.85, 1.0);
            tint = 0xffd8a8;
            zenith = rng.pick(0x5a78a8, 0x6a80a0);
            horizon = rng.pick(0xf0c088, 0xe8b080, 0xf8d0a0);
        } else { // dusk
            elev = Math.toRadians(rng.range(-4, 3));
            ambient = rng.range(0.3, 0.42);
            diffuse = rng.range(0.0, 0.1);
            exposure = rng.range(0.6, 0.8);
            tint = 0xc8d0ff;
            zenith = rng.pick(0x1a2440, 0x202a48);
            horizon = rng.pick(0x8a6a70, 0x7a6a80, 0x9a7a68);
            lamps = true;
        }
        double fog = rng.chance(0.2) ? rng.range(0.01, 0.04) : 0.0;
        double rain = rng.chance(0.15) ? rng.range(0.3, 1.0) : 0.0;
        if (rain > 0) {
            exposure *= 0.85;
            ambient = Math.max(ambient, 0.65);
            diffuse *= 0.3;
        }
        int fogColour = ObjectModels.scale(horizon, 0.95);
        double noise = rng.range(1.0, lamps ? 7.0 : 4.0);
        int blur = rng.chance(0.2) ? rng.rangeInt(1, 4) : 0;
        return new Conditions(rng.range(-Math.PI, Math.PI), elev, ambient, diffuse, exposure, tint, zenith, horizon,
                fog, fogColour, rain, noise, blur, lamps);
    }
}
