package dev.trident.trainer.world;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.calibration.CameraIntrinsics;
import dev.trident.trainer.data.DatasetException;
import dev.trident.trainer.data.DatasetManifest;
import dev.trident.trainer.data.DatasetWriter;
import dev.trident.trainer.data.PixelBuffers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.videoio.VideoWriter;
import org.opencv.videoio.Videoio;

/**
 * Records a drive into a folder that is both a replayable clip and a dataset:
 * {@code drive.avi} (MJPG, OpenCV's built-in writer, readable by any OpenCV), {@code frames.jsonl}
 * (per frame: index, timestamp, ego state, camera, object labels) and every frame in the dataset
 * format (split {@code drive}) with all three tasks labelled.
 *
 * <p>Reuses its Mat across frames; {@link #close()} finishes the files and releases it. Not
 * thread-safe.
 */
public final class DriveWriter implements AutoCloseable {
    public static final String VIDEO = "drive.avi";
    public static final String FRAMES = "frames.jsonl";
    public static final String SPLIT = "drive";

    private final Path dir;
    private final double fps;
    private final DatasetWriter dataset;
    private final VideoWriter video;
    private final BufferedWriter frames;
    private final PixelBuffers pixels = new PixelBuffers();
    private final Mat bgr = new Mat();
    private final ObjectMapper json = new ObjectMapper();
    private int index;
    private boolean closed;

    private DriveWriter(Path dir, double fps, DatasetWriter dataset, VideoWriter video, BufferedWriter frames) {
        this.dir = dir;
        this.fps = fps;
        this.dataset = dataset;
        this.video = video;
        this.frames = frames;
    }

    /** Opens {@code dir} (new or empty, or a previous output with {@code overwrite}) for a drive. */
    public static DriveWriter create(Path dir, CameraIntrinsics camera, double fps, boolean overwrite) {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("frame rate must be positive, got " + fps);
        }
        DatasetManifest manifest = SyntheticDataset.manifest("trident-drive", camera,
                Map.of(SPLIT, "splits/" + SPLIT + ".txt"));
        DatasetWriter dataset = DatasetWriter.create(dir, manifest, overwrite);
        Path videoPath = dir.resolve(VIDEO);
        VideoWriter video = new VideoWriter(videoPath.toString(), Videoio.CAP_OPENCV_MJPEG,
                VideoWriter.fourcc('M', 'J', 'P', 'G'), fps, new Size(camera.width(), camera.height()), true);
        if (!video.isOpened()) {
            video.release();
            dataset.close();
            throw new DatasetException(videoPath + ": OpenCV cannot open an MJPG AVI writer here; check the folder "
                    + "is writable");
        }
        video.set(Videoio.VIDEOWRITER_PROP_QUALITY, 92);
        try {
            BufferedWriter frames = Files.newBufferedWriter(dir.resolve(FRAMES), StandardCharsets.UTF_8);
            return new DriveWriter(dir, fps, dataset, video, frames);
        } catch (IOException e) {
            video.release();
            dataset.close();
            throw new DatasetException(dir.resolve(FRAMES) + ": cannot create (" + e.getMessage() + ")", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Timestamp of frame {@code i} at this writer's frame rate, nanoseconds from the start. */
    public long timestampNanos(int i) {
        return Math.round(i * 1e9 / fps);
    }

    /**
     * Appends one rendered frame.
     *
     * @param speed   ego speed, m/s
     * @param yawRate ego yaw rate, rad/s
     */
    public void write(RenderedFrame frame, double speed, double yawRate) {
        String name = String.format("%06d", index);
        pixels.rgbToBgr(frame.rgb(), frame.width(), frame.height(), bgr);
        video.write(bgr);
        dataset.write(SPLIT, name, frame.rgb(), frame.semantic(), frame.depth(), FrameLabels.yolo(frame));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("index", index);
        line.put("timestamp_ns", timestampNanos(index));
        line.put("image", name + "." + DatasetWriter.IMAGE_EXT);
        EgoPose ego = frame.ego();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("x", FrameLabels.round(ego.x()));
        e.put("y", FrameLabels.round(ego.y()));
        e.put("heading", FrameLabels.round(ego.heading()));
        e.put("speed", FrameLabels.round(speed));
        e.put("yaw_rate", FrameLabels.round(yawRate));
        line.put("ego", e);
        line.put("camera", FrameLabels.camera(frame.camera().pose()));
        line.put("objects", FrameLabels.objects(frame));
        try {
            frames.write(json.writeValueAsString(line));
            frames.write('\n');
        } catch (IOException ex) {
            throw new DatasetException(dir.resolve(FRAMES) + ": cannot write (" + ex.getMessage() + ")", ex);
        }
        index++;
    }

    /** Frames written so far. */
    public int frameCount() {
        return index;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            frames.close();
        } catch (IOException e) {
            throw new DatasetException(dir.resolve(FRAMES) + ": cannot finish (" + e.getMessage() + ")", e);
        } finally {
            video.release();
            bgr.release();
            dataset.close();
        }
    }

    /**
     * Simulates and records a drive of {@code seconds} at {@code fps} through a random world.
     *
     * @param progress called with the number of frames done after each frame
     */
    public static void generate(Path dir, int width, int height, long seed, double seconds, double fps,
                                boolean overwrite, java.util.function.IntConsumer progress) {
        int n = (int) Math.round(seconds * fps);
        if (n <= 0) {
            throw new IllegalArgumentException("drive length must give at least one frame, got " + seconds + " s");
        }
        CameraIntrinsics camera = SceneGenerator.defaultCamera(width, height);
        Scene scene = new SceneGenerator(camera).forDrive(seed, 16 * seconds);
        DriveSimulator sim = new DriveSimulator(scene, seed);
        RenderedFrame frame = new RenderedFrame(width, height);
        WorldRenderer renderer = new WorldRenderer(camera, frame);
        try (DriveWriter w = create(dir, camera, fps, overwrite)) {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sim.step(1 / fps);
                }
                renderer.render(scene, sim.ego(), Rng.derive(seed, i).nextLong());
                w.write(frame, sim.egoSpeed(), sim.egoYawRate());
                progress.accept(i + 1);
            }
        }
    }
}
