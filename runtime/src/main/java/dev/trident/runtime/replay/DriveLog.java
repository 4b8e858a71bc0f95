package dev.trident.runtime.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The layout of a Trident drive log (an MCAP file): its topics, schemas and encodings. Every
 * channel is JSON-encoded with a JSON Schema, so Foxglove and any MCAP tool can show it.
 *
 * <table>
 *   <caption>channels</caption>
 *   <tr><th>topic</th><th>schema</th><th>what</th></tr>
 *   <tr><td>{@value #CAMERA_TOPIC}</td><td>foxglove.CompressedImage</td><td>camera frames, JPEG; log time = capture time, ns since the Unix epoch</td></tr>
 *   <tr><td>{@value #CALIBRATION_TOPIC}</td><td>foxglove.CameraCalibration</td><td>the camera model, once at the start (when known)</td></tr>
 *   <tr><td>{@value #RESULTS_TOPIC}</td><td>trident.PerceptionResult</td><td>Trident results (ResultJson schema v1), log time = the frame's</td></tr>
 *   <tr><td>{@value #GROUND_TRUTH_TOPIC}</td><td>trident.GroundTruth</td><td>labels of synthetic drives, log time = the frame's</td></tr>
 * </table>
 *
 * Constants only; thread-safe.
 */
public final class DriveLog {
    public static final String CAMERA_TOPIC = "/camera/image/compressed";
    public static final String CALIBRATION_TOPIC = "/camera/calibration";
    public static final String RESULTS_TOPIC = "/trident/results";
    public static final String GROUND_TRUTH_TOPIC = "/trident/ground_truth";

    public static final String IMAGE_SCHEMA = "foxglove.CompressedImage";
    public static final String CALIBRATION_SCHEMA = "foxglove.CameraCalibration";
    public static final String RESULT_SCHEMA = "trident.PerceptionResult";
    public static final String GROUND_TRUTH_SCHEMA = "trident.GroundTruth";

    public static final String SCHEMA_ENCODING = "jsonschema";
    public static final String MESSAGE_ENCODING = "json";
    /** The frame_id written on camera and calibration messages. */
    public static final String FRAME_ID = "camera";

    private DriveLog() {
    }

    /** The JSON Schema text of one of the schema names above. */
    static byte[] schema(String name) {
        try (InputStream in = DriveLog.class.getResourceAsStream(name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + name + ".json is missing from the runtime jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
