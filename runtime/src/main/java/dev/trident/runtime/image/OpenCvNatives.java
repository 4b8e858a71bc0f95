package dev.trident.runtime.image;

import dev.trident.runtime.TridentException;

/**
 * Loads the OpenCV native library bundled in the openpnp jar, once per JVM, through the
 * calibration module's loader (so runtime and calibration share one copy of the library), and
 * turns a failure into a one-line {@link TridentException}.
 *
 * <p>Call {@link #load()} before touching any {@code org.opencv} class that has native methods.
 * Thread-safe and idempotent; after a failed attempt a later call tries again.
 */
public final class OpenCvNatives {
    private OpenCvNatives() {
    }

    /**
     * Makes sure the OpenCV natives are loaded.
     *
     * @throws TridentException if the native library cannot be extracted or linked on this platform
     */
    public static void load() {
        try {
            dev.trident.calibration.OpenCvNatives.load();
        } catch (RuntimeException | LinkageError e) {
            throw new TridentException("cannot load the OpenCV native library (" + e.getMessage()
                    + "): run on a platform the openpnp opencv jar supports (linux/macos/windows, x86_64 or ARM) "
                    + "with a writable java.io.tmpdir", e);
        }
    }
}
