package dev.trident.bench;

import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.decode.DepthDecoder;
import dev.trident.runtime.decode.DetectionDecoder;
import dev.trident.runtime.decode.SegmentationDecoder;
import dev.trident.runtime.decode.TensorView;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.DepthMap;
import dev.trident.runtime.result.PerceptionResult;
import dev.trident.runtime.result.SegmentationMap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trident's head decoders run on outputs another engine produced (DJL, OpenCV DNN): the other
 * engine's outputs are copied into one preallocated float buffer per output tensor, then every
 * head decodes from those exactly as inside the engine, into a preallocated result.
 *
 * <p>Not thread-safe: one pipeline thread.
 */
final class HeadDecoders {
    private final ModelContract contract;
    private final DetectionDecoder[] detection;
    private final SegmentationDecoder[] segmentation;
    private final DepthDecoder[] depth;
    private final Map<String, FloatBuffer> buffers = new LinkedHashMap<>();
    private final List<Map<String, TensorView>> roles = new java.util.ArrayList<>();
    private final PerceptionResult result;

    /**
     * @param shapes every output tensor the heads read, with its (static) shape
     */
    HeadDecoders(ModelContract contract, Map<String, long[]> shapes) {
        this.contract = contract;
        int n = contract.heads().size();
        detection = new DetectionDecoder[n];
        segmentation = new SegmentationDecoder[n];
        depth = new DepthDecoder[n];
        Map<String, TensorView> views = new HashMap<>();
        for (String name : contract.outputNames()) {
            long[] shape = shapes.get(name);
            if (shape == null) {
                throw new SkipMode("the engine does not report output '" + name + "'");
            }
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            FloatBuffer fb = ByteBuffer.allocateDirect(Math.toIntExact(count * Float.BYTES)).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            buffers.put(name, fb);
            views.put(name, new TensorView(name, shape.clone(), fb));
        }
        for (int h = 0; h < n; h++) {
            HeadSpec head = contract.heads().get(h);
            switch (head.task()) {
                case DETECTION -> detection[h] = DetectionDecoder.forHead(head);
                case SEGMENTATION -> segmentation[h] = new SegmentationDecoder(head);
                case DEPTH -> depth[h] = new DepthDecoder(head);
            }
            Map<String, TensorView> r = new HashMap<>();
            for (String role : HeadSpec.requiredRoles(head.task(), head.detection())) {
                r.put(role, views.get(head.output(role)));
            }
            roles.add(Map.copyOf(r));
        }
        result = new PerceptionResult(contract);
    }

    /** The buffer output {@code name} must be copied into before {@link #decode}. */
    FloatBuffer buffer(String name) {
        return buffers.get(name);
    }

    /** Output names, in contract order. */
    Iterable<String> outputs() {
        return buffers.keySet();
    }

    /** Starts a frame: clears the result. */
    PerceptionResult begin(long seq, long arrivalNanos, InputTransform transform) {
        result.begin(seq, arrivalNanos, 0L);
        result.setTransform(transform);
        return result;
    }

    /** Decodes head {@code h} from the copied outputs; returns its decode time. */
    long decode(int h, InputTransform transform) {
        long t0 = System.nanoTime();
        int bad;
        Map<String, TensorView> r = roles.get(h);
        switch (contract.heads().get(h).task()) {
            case DETECTION -> bad = detection[h].decode(r, transform, result.detectionSlot(h));
            case SEGMENTATION -> {
                TensorView mask = r.get("mask");
                SegmentationMap map = result.segmentationSlot(h);
                if (map == null) {
                    map = segmentation[h].newMap(mask.dim(-1), mask.dim(-2));
                    result.attachSegmentation(h, map);
                }
                bad = segmentation[h].decode(mask, transform, map);
            }
            case DEPTH -> {
                TensorView d = r.get("depth");
                DepthMap map = result.depthSlot(h);
                if (map == null) {
                    map = depth[h].newMap(d.dim(-1), d.dim(-2));
                    result.attachDepth(h, map);
                }
                bad = depth[h].decode(d, transform, map);
            }
            default -> throw new IllegalStateException("unknown task");
        }
        long took = System.nanoTime() - t0;
        result.headDone(h, took, bad);
        return took;
    }

    PerceptionResult result() {
        return result;
    }

    int heads() {
        return contract.heads().size();
    }
}
