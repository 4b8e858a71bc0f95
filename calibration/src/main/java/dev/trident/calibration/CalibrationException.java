package dev.trident.calibration;

/**
 * A calibration problem a user can fix: a malformed camera file, unusable calibration images, too
 * few points. The message is one line that names what is wrong and how to fix it; CLIs print it
 * as-is and exit non-zero. It extends {@link IllegalArgumentException} so that callers treating
 * bad arguments as user errors handle it the same way.
 */
public class CalibrationException extends IllegalArgumentException {
    public CalibrationException(String message) {
        super(message);
    }

    public CalibrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
