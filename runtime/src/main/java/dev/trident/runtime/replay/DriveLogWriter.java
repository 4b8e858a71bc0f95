package dev.trident.runtime.replay;

import dev.trident.calibration.CameraModel;
import dev.trident.runtime.mcap.McapWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a drive log: camera frames, the calibration, results and ground truth on the channels
 * of {@link DriveLog}. Channels other than the camera's are created on first use.
 *
 * <p>Not thread-safe: one recording thread.
 */
public final class DriveLogWriter implements AutoCloseable {
    private final McapWriter mcap;
    private final CompressedImageJson images = new CompressedImageJson();
    private final ByteArrayBuilder scratch = new ByteArrayBuilder(4096);
    private final int camera;
    private int calibration = -1;
    private int results = -1;
    private int groundTruth = -1;
    private long frames;

    private DriveLogWriter(McapWriter mcap) {
        this.mcap = mcap;
        int schema = mcap.addSchema(DriveLog.IMAGE_SCHEMA, DriveLog.SCHEMA_ENCODING, DriveLog.schema(DriveLog.IMAGE_SCHEMA));
        this.camera = mcap.addChannel(schema, DriveLog.CAMERA_TOPIC, DriveLog.MESSAGE_ENCODING, Map.of());
    }

    public static DriveLogWriter create(Path file, McapWriter.Options options) {
        McapWriter w = McapWriter.create(file, options);
        try {
            return new DriveLogWriter(w);
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /** One camera frame (JPEG bytes), log time = capture time, ns since the Unix epoch. */
    public void writeFrame(long epochNanos, byte[] jpeg, int offset, int length) {
        ByteArrayBuilder m = images.encode(epochNanos, DriveLog.FRAME_ID, "jpeg", jpeg, offset, length);
        mcap.write(camera, epochNanos, epochNanos, m.array(), 0, m.size());
        frames++;
    }

    /** The camera model as a foxglove.CameraCalibration message. */
    public void writeCalibration(long epochNanos, CameraModel model) {
        if (calibration < 0) {
            int s = mcap.addSchema(DriveLog.CALIBRATION_SCHEMA, DriveLog.SCHEMA_ENCODING, DriveLog.schema(DriveLog.CALIBRATION_SCHEMA));
            calibration = mcap.addChannel(s, DriveLog.CALIBRATION_TOPIC, DriveLog.MESSAGE_ENCODING, Map.of());
        }
        var k = model.intrinsics();
        scratch.reset().ascii("{\"timestamp\":");
        CompressedImageJson.time(scratch, epochNanos);
        scratch.ascii(",\"frame_id\":").jsonString(DriveLog.FRAME_ID);
        scratch.ascii(",\"width\":").number(k.width()).ascii(",\"height\":").number(k.height());
        scratch.ascii(",\"distortion_model\":").jsonString(model.distortion().rosModel());
        scratch.ascii(",\"D\":");
        numbers(model.distortion().coefficients());
        scratch.ascii(",\"K\":");
        numbers(new double[] {k.fx(), 0, k.cx(), 0, k.fy(), k.cy(), 0, 0, 1});
        scratch.ascii(",\"R\":");
        numbers(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        scratch.ascii(",\"P\":");
        numbers(new double[] {k.fx(), 0, k.cx(), 0, 0, k.fy(), k.cy(), 0, 0, 0, 1, 0});
        scratch.write('}');
        mcap.write(calibration, epochNanos, epochNanos, scratch.array(), 0, scratch.size());
    }

    private void numbers(double[] v) {
        scratch.write('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                scratch.write(',');
            }
            scratch.ascii(Double.toString(v[i]));
        }
        scratch.write(']');
    }

    /** One result line (ResultJson) for the frame logged at {@code epochNanos}. */
    public void writeResult(long epochNanos, String resultJson) {
        if (results < 0) {
            int s = mcap.addSchema(DriveLog.RESULT_SCHEMA, DriveLog.SCHEMA_ENCODING, DriveLog.schema(DriveLog.RESULT_SCHEMA));
            results = mcap.addChannel(s, DriveLog.RESULTS_TOPIC, DriveLog.MESSAGE_ENCODING, Map.of());
        }
        byte[] b = resultJson.getBytes(StandardCharsets.UTF_8);
        mcap.write(results, epochNanos, epochNanos, b, 0, b.length);
    }

    /** Ground truth of the frame logged at {@link GroundTruth#timeNanos()}. */
    public void writeGroundTruth(GroundTruth gt) {
        if (groundTruth < 0) {
            int s = mcap.addSchema(DriveLog.GROUND_TRUTH_SCHEMA, DriveLog.SCHEMA_ENCODING, DriveLog.schema(DriveLog.GROUND_TRUTH_SCHEMA));
            groundTruth = mcap.addChannel(s, DriveLog.GROUND_TRUTH_TOPIC, DriveLog.MESSAGE_ENCODING, Map.of());
        }
        byte[] b = GroundTruthJson.write(gt);
        mcap.write(groundTruth, gt.timeNanos(), gt.timeNanos(), b, 0, b.length);
    }

    public long frames() {
        return frames;
    }

    public McapWriter mcap() {
        return mcap;
    }

    /** Finishes the file (summary, footer). */
    @Override
    public void close() {
        mcap.close();
    }
}
