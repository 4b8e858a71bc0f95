package dev.trident.bench;

/**
 * Thrown when a mode cannot run on this model or machine (e.g. OpenCV DNN cannot import the
 * model); the bench reports the reason and goes on with the other modes.
 */
public final class SkipMode extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SkipMode(String reason) {
        super(reason);
    }

    public SkipMode(String reason, Throwable cause) {
        super(reason, cause);
    }
}
