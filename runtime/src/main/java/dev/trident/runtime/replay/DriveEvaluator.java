package dev.trident.runtime.replay;

import dev.trident.runtime.Frame;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.result.DepthMap;
import dev.trident.runtime.result.Detection;
import dev.trident.runtime.result.PerceptionResult;
import dev.trident.runtime.result.SegmentationMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Scores a model on a drive log with ground truth, through the whole runtime pipeline: each
 * logged JPEG is decoded, preprocessed, run and decoded by the {@link Engine} exactly as live
 * frames are, then compared with the frame's {@link GroundTruth}: detection mAP (VOC, at an IoU
 * threshold), segmentation mIoU (classes matched by name, at source resolution), depth AbsRel and
 * δ1 (every {@code depthStride}-th pixel of every {@code depthStride}-th row).
 *
 * <p>Not thread-safe; one evaluation per instance.
 */
public final class DriveEvaluator {
    private final Engine engine;
    private final double iouThreshold;
    private final int depthStride;

    public DriveEvaluator(Engine engine, double iouThreshold, int depthStride) {
        if (depthStride < 1) {
            throw new IllegalArgumentException("depth stride must be >= 1, got " + depthStride);
        }
        this.engine = engine;
        this.iouThreshold = iouThreshold;
        this.depthStride = depthStride;
    }

    /** Runs the evaluation; the map is the JSON report (insertion-ordered, null values omitted by the writer). */
    public Map<String, Object> evaluate(Path log, String topic) {
        DetectionMap detection = new DetectionMap(iouThreshold);
        SegmentationIou segmentation = null;
        DepthErrors depth = new DepthErrors();
        Set<String> detectionClasses = new HashSet<>();
        List<String> segmentationClasses = null;
        boolean hasDetection = false;
        boolean hasDepth = false;
        for (HeadSpec h : engine.contract().heads()) {
            if (h.task() == Task.DETECTION) {
                hasDetection = true;
                detectionClasses.addAll(h.classes());
            } else if (h.task() == Task.SEGMENTATION && segmentationClasses == null) {
                segmentationClasses = h.classes();
            } else if (h.task() == Task.DEPTH) {
                hasDepth = true;
            }
        }
        long frames = 0;
        long labelled = 0;
        long boxFrames = 0;
        long segFrames = 0;
        long depthFrames = 0;
        PerceptionResult result = engine.newResult();
        Mat image = new Mat();
        Mat truthMap = new Mat();
        Mat predicted = new Mat();
        byte[] truthBytes = new byte[0];
        byte[] predictedBytes = new byte[0];
        short[] depthValues = new short[0];
        try (DriveLogReader reader = DriveLogReader.open(log, topic); JpegCodec codec = new JpegCodec(90)) {
            Map<Long, GroundTruth> truth = reader.groundTruth();
            if (truth.isEmpty()) {
                throw new TridentException("log " + log + " has no ground truth (no " + DriveLog.GROUND_TRUTH_TOPIC
                        + " channel); eval-drive needs a synthetic drive recorded with its labels");
            }
            var cursor = reader.frames(Long.MIN_VALUE, Long.MAX_VALUE);
            while (cursor.next()) {
                frames++;
                GroundTruth gt = truth.get(cursor.timeNanos());
                if (gt == null) {
                    continue;
                }
                labelled++;
                ByteArrayBuilder jpeg = cursor.image();
                codec.decode(jpeg.array(), 0, jpeg.size(), image, "frame " + cursor.index() + " of " + log);
                if (image.cols() != gt.width() || image.rows() != gt.height()) {
                    throw new TridentException("frame " + cursor.index() + " of " + log + " is " + image.cols() + "x" + image.rows()
                            + " but its ground truth is " + gt.width() + "x" + gt.height());
                }
                engine.process(new Frame(image, cursor.index(), System.nanoTime(), Math.floorDiv(cursor.timeNanos(), 1_000_000L)), result);
                if (hasDetection && gt.boxes() != null) {
                    detection.add(allDetections(result), gt.boxes());
                    boxFrames++;
                }
                if (segmentationClasses != null && gt.segmentationPng() != null && result.segmentation().isPresent()) {
                    if (segmentation == null) {
                        segmentation = new SegmentationIou(segmentationClasses, gt.segmentationClasses());
                    } else if (!segmentation.truthClasses().equals(gt.segmentationClasses())) {
                        throw new TridentException("frame " + cursor.index() + " of " + log
                                + ": segmentation classes change within the drive");
                    }
                    decodePng(gt.segmentationPng(), truthMap, CvType.CV_8UC1, gt, "segmentation", cursor.index(), log);
                    SegmentationMap seg = result.segmentation().get();
                    seg.toSourceResolution(predicted);
                    int n = gt.width() * gt.height();
                    if (truthBytes.length != n) {
                        truthBytes = new byte[n];
                        predictedBytes = new byte[n];
                    }
                    truthMap.get(0, 0, truthBytes);
                    predicted.get(0, 0, predictedBytes);
                    segmentation.add(predictedBytes, truthBytes, n);
                    segFrames++;
                }
                if (hasDepth && gt.depthPng() != null && result.depth().isPresent()) {
                    decodePng(gt.depthPng(), truthMap, CvType.CV_16UC1, gt, "depth", cursor.index(), log);
                    DepthMap d = result.depth().get();
                    int n = gt.width() * gt.height();
                    if (depthValues.length != n) {
                        depthValues = new short[n];
                    }
                    truthMap.get(0, 0, depthValues);
                    for (int y = 0; y < gt.height(); y += depthStride) {
                        for (int x = 0; x < gt.width(); x += depthStride) {
                            int v = depthValues[y * gt.width() + x] & 0xffff;
                            if (v > 0) {
                                depth.add(d.depthAtSource(x + 0.5, y + 0.5), v / gt.depthScale());
                            }
                        }
                    }
                    depthFrames++;
                }
            }
        } finally {
            image.release();
            truthMap.release();
            predicted.release();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("log", log.toString());
        out.put("model", engine.modelPath().toString());
        out.put("frames", frames);
        out.put("framesWithGroundTruth", labelled);
        if (boxFrames > 0) {
            Map<String, Object> det = new LinkedHashMap<>();
            det.put("iouThreshold", iouThreshold);
            det.put("mAP", finite(detection.meanAveragePrecision(detectionClasses)));
            det.put("ap", detection.averagePrecision(detectionClasses));
            det.put("groundTruthBoxes", detection.truthCounts());
            det.put("frames", boxFrames);
            out.put("detection", det);
        }
        if (segFrames > 0) {
            Map<String, Object> seg = new LinkedHashMap<>();
            seg.put("mIoU", finite(segmentation.meanIou()));
            seg.put("iou", segmentation.iou());
            seg.put("frames", segFrames);
            out.put("segmentation", seg);
        }
        if (depthFrames > 0) {
            Map<String, Object> dep = new LinkedHashMap<>();
            dep.put("absRel", finite(depth.absRel()));
            dep.put("delta1", finite(depth.delta1()));
            dep.put("pixels", depth.pixels());
            dep.put("missingPredictions", depth.missing());
            dep.put("frames", depthFrames);
            out.put("depth", dep);
        }
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Detection> allDetections(PerceptionResult r) {
        return new ArrayList<>(r.detections());
    }

    private static void decodePng(byte[] png, Mat into, int type, GroundTruth gt, String what, long index, Path log) {
        Mat buf = new Mat(1, png.length, CvType.CV_8UC1);
        try {
            buf.put(0, 0, png);
            Mat decoded = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_UNCHANGED);
            try {
                if (decoded.empty() || decoded.type() != type || decoded.cols() != gt.width() || decoded.rows() != gt.height()) {
                    throw new TridentException("frame " + index + " of " + log + ": the " + what + " ground truth is not a "
                            + gt.width() + "x" + gt.height() + (type == CvType.CV_8UC1 ? " 8-bit" : " 16-bit") + " single-channel PNG");
                }
                decoded.copyTo(into);
            } finally {
                decoded.release();
            }
        } finally {
            buf.release();
        }
    }
}
