package dev.trident.runtime.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraModel;
import dev.trident.calibration.CameraPose;
import dev.trident.calibration.Distortion;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.mcap.McapWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Turns a synthetic drive folder (written by {@code trident gen-data --drive}: the dataset format
 * of docs/dataset-format.md plus {@code frames.jsonl} with per-frame timestamps) into an MCAP
 * drive log: the camera frames (the JPEGs as they are, no re-encoding), the camera calibration
 * (intrinsics from {@code dataset.yaml}, mounting from the first frame) and the ground truth of
 * every frame (boxes from the YOLO labels, segmentation and depth PNGs as they are), so that
 * {@code trident replay} and {@code trident eval-drive} run on it.
 *
 * <p>Log times are {@link #EPOCH_NANOS} plus the drive's own timestamps, so the same folder
 * always gives the same bytes. Stateless; thread-safe.
 */
public final class DriveImport {
    /** Base of the imported log's clock: 2026-01-01T00:00:00Z, in ns since the Unix epoch. */
    public static final long EPOCH_NANOS = 1_767_225_600_000_000_000L;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private DriveImport() {
    }

    /** What an import wrote. */
    public record Report(int frames, int labelledDetection, int labelledSegmentation, int labelledDepth, long durationNanos) {
    }

    public static Report importDrive(Path dir, Path out, McapWriter.Options options, IntConsumer progress) {
        JsonNode manifest = read(YAML, dir.resolve("dataset.yaml"), "dataset.yaml of the drive folder " + dir);
        int width = manifest.path("image").path("width").asInt(-1);
        int height = manifest.path("image").path("height").asInt(-1);
        if (width <= 0 || height <= 0) {
            throw new TridentException(dir.resolve("dataset.yaml") + " has no image.width/height; is this a drive folder from "
                    + "`trident gen-data --drive`?");
        }
        Path images = dir.resolve(manifest.path("image").path("dir").asText("images"));
        JsonNode tasks = manifest.path("tasks");
        List<String> detClasses = strings(tasks.path("detection").path("classes"));
        List<String> segClasses = strings(tasks.path("segmentation").path("classes"));
        Path detDir = tasks.has("detection") ? dir.resolve(tasks.path("detection").path("dir").asText()) : null;
        Path segDir = tasks.has("segmentation") ? dir.resolve(tasks.path("segmentation").path("dir").asText()) : null;
        Path depthDir = tasks.has("depth") ? dir.resolve(tasks.path("depth").path("dir").asText()) : null;
        double depthScale = tasks.path("depth").path("scale").asDouble(GroundTruth.DEPTH_SCALE);
        JsonNode cam = manifest.path("camera");
        CameraIntrinsics k = new CameraIntrinsics(width, height, cam.path("fx").asDouble(), cam.path("fy").asDouble(),
                cam.path("cx").asDouble(), cam.path("cy").asDouble());

        Path framesFile = dir.resolve("frames.jsonl");
        int frames = 0;
        int det = 0;
        int seg = 0;
        int depth = 0;
        long last = 0;
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try (BufferedReader lines = Files.newBufferedReader(framesFile);
             DriveLogWriter log = DriveLogWriter.create(tmp, options)) {
            String line;
            int lineNo = 0;
            while ((line = lines.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode f;
                try {
                    f = JSON.readTree(line);
                } catch (IOException e) {
                    throw new TridentException(framesFile + " line " + lineNo + " is not valid JSON: " + firstLine(e));
                }
                String image = f.path("image").asText(null);
                if (image == null || !f.has("timestamp_ns")) {
                    throw new TridentException(framesFile + " line " + lineNo + " lacks 'image' or 'timestamp_ns'");
                }
                long t = EPOCH_NANOS + f.path("timestamp_ns").asLong();
                if (frames == 0) {
                    JsonNode m = f.path("camera");
                    CameraPose pose = new CameraPose(0, 0, m.path("height_m").asDouble(1.5),
                            Math.toRadians(m.path("pitch_deg").asDouble()), Math.toRadians(m.path("roll_deg").asDouble()), 0);
                    log.writeCalibration(t, new CameraModel("synthetic-drive", k, Distortion.NONE, pose));
                }
                byte[] jpeg = bytes(images.resolve(image), "frame image");
                log.writeFrame(t, jpeg, 0, jpeg.length);
                String stem = image.replaceFirst("\\.[^.]+$", "");
                List<GroundTruth.Box> boxes = detDir == null ? null : boxes(detDir.resolve(stem + ".txt"), detClasses, width, height);
                byte[] segPng = segDir == null ? null : optionalBytes(segDir.resolve(stem + ".png"));
                byte[] depthPng = depthDir == null ? null : optionalBytes(depthDir.resolve(stem + ".png"));
                det += boxes != null ? 1 : 0;
                seg += segPng != null ? 1 : 0;
                depth += depthPng != null ? 1 : 0;
                log.writeGroundTruth(new GroundTruth(t, width, height, boxes, segPng == null ? null : segClasses, segPng, depthPng,
                        depthScale));
                frames++;
                last = t - EPOCH_NANOS;
                if (progress != null) {
                    progress.accept(frames);
                }
            }
        } catch (NoSuchFileException e) {
            deleteQuietly(tmp);
            throw new TridentException(e.getFile() + " is missing; pass a drive folder written by `trident gen-data --drive`");
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new TridentException("cannot import " + dir + ": " + firstLine(e));
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        if (frames == 0) {
            deleteQuietly(tmp);
            throw new TridentException(framesFile + " lists no frames");
        }
        try {
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new TridentException("cannot write " + out + ": " + firstLine(e));
        }
        return new Report(frames, det, seg, depth, last);
    }

    /** YOLO lines (class cx cy w h, normalised) → boxes in pixels; null when the frame has no detection label file. */
    private static List<GroundTruth.Box> boxes(Path file, List<String> classes, int w, int h) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        List<GroundTruth.Box> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] p = line.trim().split("\\s+");
            try {
                int c = Integer.parseInt(p[0]);
                if (p.length != 5 || c < 0 || c >= classes.size()) {
                    throw new NumberFormatException();
                }
                double cx = Double.parseDouble(p[1]) * w;
                double cy = Double.parseDouble(p[2]) * h;
                double bw = Double.parseDouble(p[3]) * w;
                double bh = Double.parseDouble(p[4]) * h;
                out.add(new GroundTruth.Box(classes.get(c), (float) (cx - bw / 2), (float) (cy - bh / 2), (float) (cx + bw / 2),
                        (float) (cy + bh / 2)));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new TridentException(file + " line " + n + " is not 'class cx cy w h' with a class id below " + classes.size());
            }
        }
        return out;
    }

    private static JsonNode read(ObjectMapper mapper, Path file, String what) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new TridentException("cannot read the " + what + " (" + file + "): " + firstLine(e));
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static byte[] bytes(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new TridentException(what + " " + file + " is missing");
        }
        return Files.readAllBytes(file);
    }

    private static byte[] optionalBytes(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover .part file is harmless and named as such
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
