package dev.trident.trainer.world;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.calibration.CameraIntrinsics;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.data.DatasetException;
import dev.trident.trainer.data.DatasetManifest;
import dev.trident.trainer.data.DatasetWriter;
import dev.trident.trainer.data.PartialLabels;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Generates a dataset of independent still frames from the synthetic world: one random scene
 * per frame, written in the dataset format with all three tasks (thinned by the partial-label
 * spec), plus {@code objects.jsonl} with each frame's camera mount and 3-D object labels.
 *
 * <p>Frame {@code i} depends only on (seed, i), so any frame can be regenerated alone. Not
 * thread-safe; one generation per instance at a time.
 */
public final class SyntheticDataset {
    /** Fraction of frames put in the {@code val} split. */
    public static final double VAL_FRACTION = 0.1;

    private SyntheticDataset() {
    }

    /** The manifest of a synthetic dataset with the given splits. */
    public static DatasetManifest manifest(String name, CameraIntrinsics camera, Map<String, String> splits) {
        return new DatasetManifest(name, camera.width(), camera.height(), camera, WorldClasses.DETECTION,
                WorldClasses.SEGMENTATION, 256, WorldClasses.MAX_DEPTH_M, splits);
    }

    /** The seed of frame {@code i}'s scene. */
    public static long frameSeed(long seed, int i) {
        return Rng.derive(seed, i).nextLong();
    }

    /**
     * Writes {@code frames} still frames of {@code width×height} to {@code out}.
     *
     * @param progress called with the number of frames done after each frame
     */
    public static void generate(Path out, int width, int height, int frames, long seed, PartialLabels partial,
                                boolean overwrite, IntConsumer progress) {
        if (frames <= 0) {
            throw new IllegalArgumentException("frame count must be positive, got " + frames);
        }
        CameraIntrinsics camera = SceneGenerator.defaultCamera(width, height);
        Map<String, String> splits = new LinkedHashMap<>();
        splits.put("train", "splits/train.txt");
        splits.put("val", "splits/val.txt");
        boolean[] val = PartialLabels.choose(frames, (int) Math.round(frames * VAL_FRACTION), seed ^ 0x56414CL);
        boolean[] det = partial.select(Task.DETECTION, frames, seed);
        boolean[] seg = partial.select(Task.SEGMENTATION, frames, seed);
        boolean[] dep = partial.select(Task.DEPTH, frames, seed);
        SceneGenerator generator = new SceneGenerator(camera);
        RenderedFrame frame = new RenderedFrame(width, height);
        WorldRenderer renderer = new WorldRenderer(camera, frame);
        ObjectMapper json = new ObjectMapper();
        try (DatasetWriter writer = DatasetWriter.create(out, manifest("trident-synthetic", camera, splits), overwrite);
             BufferedWriter objects = Files.newBufferedWriter(out.resolve("objects.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < frames; i++) {
                long sceneSeed = frameSeed(seed, i);
                Scene scene = generator.still(sceneSeed);
                renderer.render(scene, scene.ego(), sceneSeed);
                String name = String.format("%06d", i);
                writer.write(val[i] ? "val" : "train", name, frame.rgb(), seg[i] ? frame.semantic() : null,
                        dep[i] ? frame.depth() : null, det[i] ? FrameLabels.yolo(frame) : null);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("image", name + "." + DatasetWriter.IMAGE_EXT);
                line.put("seed", sceneSeed);
                line.put("camera", FrameLabels.camera(scene.mount()));
                line.put("objects", FrameLabels.objects(frame));
                objects.write(json.writeValueAsString(line));
                objects.write('\n');
                progress.accept(i + 1);
            }
        } catch (IOException e) {
            throw new DatasetException("cannot write " + out.resolve("objects.jsonl") + " (" + e.getMessage()
                    + "); check free space and permissions", e);
        }
    }
}
