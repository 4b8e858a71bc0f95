package dev.trident.runtime.result;

import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.preprocess.InputTransform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What the engine made of one frame: per head, its detections, segmentation map or depth map —
 * present only for heads that were due on this frame — plus per-stage timings.
 *
 * <p>Preallocated and refilled (LMAX-style): {@code Engine.newResult()} sizes one for the model,
 * {@code Engine.process(frame, result)} overwrites it. Not thread-safe; hand a result to another
 * thread only with a happens-before edge (a queue), and {@link #copy()} it to keep it past the
 * next refill.
 */
public final class PerceptionResult {
    private final ModelContract contract;
    private final List<List<Detection>> detections;
    private final List<List<ObjectLocation>> locations;
    private final SegmentationMap[] segmentation;
    private final DepthMap[] depth;
    private final long[] decodeNanos;
    private final int[] nonFinite;
    private long seq;
    private long captureNanos;
    private long captureEpochMillis;
    private InputTransform transform;
    private int headsRun;
    private long preprocessNanos;
    private long inferenceNanos;

    /** An empty result for the model; maps are attached by the engine as heads first run. */
    public PerceptionResult(ModelContract contract) {
        this.contract = contract;
        int n = contract.heads().size();
        this.detections = new ArrayList<>(n);
        this.locations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean det = contract.heads().get(i).task() == Task.DETECTION;
            detections.add(det ? new ArrayList<>() : null);
            locations.add(det ? new ArrayList<>() : null);
        }
        this.segmentation = new SegmentationMap[n];
        this.depth = new DepthMap[n];
        this.decodeNanos = new long[n];
        this.nonFinite = new int[n];
    }

    // ---- filled by the engine -------------------------------------------------------------

    /** Starts refilling for a new frame: clears which heads ran and their timings. */
    public void begin(long seq, long captureNanos, long captureEpochMillis) {
        this.seq = seq;
        this.captureNanos = captureNanos;
        this.captureEpochMillis = captureEpochMillis;
        this.headsRun = 0;
        this.preprocessNanos = 0;
        this.inferenceNanos = 0;
        Arrays.fill(decodeNanos, 0);
        Arrays.fill(nonFinite, 0);
        this.transform = null;
        for (List<ObjectLocation> l : locations) {
            if (l != null) {
                l.clear();
            }
        }
    }

    public void setTransform(InputTransform transform) {
        this.transform = transform;
    }

    public void setPreprocessNanos(long nanos) {
        this.preprocessNanos = nanos;
    }

    public void setInferenceNanos(long nanos) {
        this.inferenceNanos = nanos;
    }

    /** Records that head {@code i} ran, its decode time and how many non-finite values its outputs held. */
    public void headDone(int i, long decodeNanos, int nonFiniteValues) {
        this.headsRun |= 1 << i;
        this.decodeNanos[i] = decodeNanos;
        this.nonFinite[i] = nonFiniteValues;
    }

    /** The live detection list of head {@code i} (engine use: decoders fill it). */
    public List<Detection> detectionSlot(int i) {
        return detections.get(i);
    }

    /** The live location list of detection head {@code i} (engine use: filled when a camera is known). */
    public List<ObjectLocation> locationSlot(int i) {
        return locations.get(i);
    }

    public SegmentationMap segmentationSlot(int i) {
        return segmentation[i];
    }

    public void attachSegmentation(int i, SegmentationMap map) {
        segmentation[i] = map;
    }

    public DepthMap depthSlot(int i) {
        return depth[i];
    }

    public void attachDepth(int i, DepthMap map) {
        depth[i] = map;
    }

    // ---- read by users ----------------------------------------------------------------------

    public ModelContract contract() {
        return contract;
    }

    public long seq() {
        return seq;
    }

    public long captureNanos() {
        return captureNanos;
    }

    public long captureEpochMillis() {
        return captureEpochMillis;
    }

    /** Source frame ↔ model input geometry of this frame. */
    public InputTransform transform() {
        return transform;
    }

    /** Bit i set = head i ran on this frame. */
    public int headsRunMask() {
        return headsRun;
    }

    public boolean ran(String head) {
        int i = contract.headIndex(head);
        return i >= 0 && (headsRun & (1 << i)) != 0;
    }

    /** Detections of the named head, or empty when it did not run on this frame. */
    public List<Detection> detections(String head) {
        int i = indexOf(head, Task.DETECTION);
        return (headsRun & (1 << i)) != 0 ? Collections.unmodifiableList(detections.get(i)) : List.of();
    }

    /**
     * Locations of the named head's detections, same order, when the engine knows the camera;
     * empty otherwise.
     */
    public List<ObjectLocation> locations(String head) {
        int i = indexOf(head, Task.DETECTION);
        return (headsRun & (1 << i)) != 0 ? Collections.unmodifiableList(locations.get(i)) : List.of();
    }

    /** Detections of the first detection head that ran (empty when none did). */
    public List<Detection> detections() {
        for (int i = 0; i < detections.size(); i++) {
            if (detections.get(i) != null && (headsRun & (1 << i)) != 0) {
                return Collections.unmodifiableList(detections.get(i));
            }
        }
        return List.of();
    }

    public Optional<SegmentationMap> segmentation(String head) {
        int i = indexOf(head, Task.SEGMENTATION);
        return (headsRun & (1 << i)) != 0 ? Optional.of(segmentation[i]) : Optional.empty();
    }

    /** The first segmentation head's map, if one ran on this frame. */
    public Optional<SegmentationMap> segmentation() {
        return first(segmentation);
    }

    public Optional<DepthMap> depth(String head) {
        int i = indexOf(head, Task.DEPTH);
        return (headsRun & (1 << i)) != 0 ? Optional.of(depth[i]) : Optional.empty();
    }

    /** The first depth head's map, if one ran on this frame. */
    public Optional<DepthMap> depth() {
        return first(depth);
    }

    public long preprocessNanos() {
        return preprocessNanos;
    }

    /** ORT run time of this frame (0 when no head was due). */
    public long inferenceNanos() {
        return inferenceNanos;
    }

    /** Decode time of the named head on this frame (0 when it did not run). */
    public long decodeNanos(String head) {
        int i = contract.headIndex(head);
        return i < 0 ? 0 : decodeNanos[i];
    }

    /** Non-finite (NaN/Inf) values found in the named head's outputs on this frame. */
    public int nonFinite(String head) {
        int i = contract.headIndex(head);
        return i < 0 ? 0 : nonFinite[i];
    }

    /** Whether any head's output held NaN or Inf on this frame (flagged, never thrown). */
    public boolean hasNonFinite() {
        for (int n : nonFinite) {
            if (n > 0) {
                return true;
            }
        }
        return false;
    }

    /** preprocess + inference + every decode, nanoseconds. */
    public long totalNanos() {
        long t = preprocessNanos + inferenceNanos;
        for (long d : decodeNanos) {
            t += d;
        }
        return t;
    }

    /** A deep copy that later refills do not touch. */
    public PerceptionResult copy() {
        PerceptionResult c = new PerceptionResult(contract);
        c.seq = seq;
        c.captureNanos = captureNanos;
        c.captureEpochMillis = captureEpochMillis;
        c.transform = transform;
        c.headsRun = headsRun;
        c.preprocessNanos = preprocessNanos;
        c.inferenceNanos = inferenceNanos;
        System.arraycopy(decodeNanos, 0, c.decodeNanos, 0, decodeNanos.length);
        System.arraycopy(nonFinite, 0, c.nonFinite, 0, nonFinite.length);
        for (int i = 0; i < detections.size(); i++) {
            if (detections.get(i) != null) {
                c.detections.get(i).addAll(detections.get(i));
                c.locations.get(i).addAll(locations.get(i));
            }
            c.segmentation[i] = segmentation[i] == null ? null : segmentation[i].copy();
            c.depth[i] = depth[i] == null ? null : depth[i].copy();
        }
        return c;
    }

    private <T> Optional<T> first(T[] maps) {
        for (int i = 0; i < maps.length; i++) {
            if (maps[i] != null && (headsRun & (1 << i)) != 0) {
                return Optional.of(maps[i]);
            }
        }
        return Optional.empty();
    }

    private int indexOf(String head, Task task) {
        int i = contract.headIndex(head);
        if (i < 0) {
            throw new IllegalArgumentException("the model has no head '" + head + "'; its heads are "
                    + contract.heads().stream().map(HeadSpec::name).toList());
        }
        if (contract.heads().get(i).task() != task) {
            throw new IllegalArgumentException("head '" + head + "' is a " + contract.heads().get(i).task().json() + " head, not "
                    + task.json());
        }
        return i;
    }
}
