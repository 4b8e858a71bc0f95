package dev.trident.runtime.source;

/**
 * Loads the OpenCV natives once per JVM before this package touches OpenCV.
 * (Private to the package until the runtime-wide loader exists.) Thread-safe.
 */
final class OpenCvLoader {
    private OpenCvLoader() {
    }

    private static final class Holder {
        static {
            nu.pattern.OpenCV.loadLocally();
        }

        static void touch() {
        }
    }

    static void ensureLoaded() {
        Holder.touch(); // class initialisation runs once and is thread-safe by the JLS
    }
}
