package dev.trident.trainer.data;

/**
 * Loads OpenCV's native library once per process (the openpnp build bundles it).
 *
 * <p>Thread-safe.
 */
public final class OpenCvNatives {
    private static volatile boolean loaded;

    private OpenCvNatives() {
    }

    /** Loads the natives if this process has not yet; cheap after the first call. */
    public static void load() {
        if (!loaded) {
            synchronized (OpenCvNatives.class) {
                if (!loaded) {
                    nu.pattern.OpenCV.loadLocally();
                    loaded = true;
                }
            }
        }
    }
}
