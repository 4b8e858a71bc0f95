package dev.trident.calibration;

/**
 * Loads the OpenCV native library bundled with {@code org.openpnp:opencv} exactly once per JVM.
 * Call {@link #load()} before touching any {@code org.opencv} class. Thread-safe.
 */
public final class OpenCvNatives {
    private static volatile boolean loaded;

    private OpenCvNatives() {
    }

    /** Loads the natives if this JVM has not yet; cheap after the first call. */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (OpenCvNatives.class) {
            if (!loaded) {
                nu.pattern.OpenCV.loadLocally();
                loaded = true;
            }
        }
    }
}
