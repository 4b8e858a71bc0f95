package dev.trident.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.nn.Layer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hard parameter sharing: one {@link Backbone} and {@link Neck} compute the shared features once;
 * each configured {@link Head} reads them. Children: {@code backbone}, {@code neck}, then the heads
 * by task name ({@code detection}, {@code segmentation}, {@code depth}). {@link #forward} returns
 * the shared features; {@link #heads()} gives the heads to run on them. The single-task variants
 * are this class with one head.
 *
 * <p>Not thread-safe: one training or inference thread at a time.
 */
public final class MultiTaskNet extends Layer {
    private final ModelConfig config;
    private final Backbone backbone;
    private final Neck neck;
    private final Map<Task, Head> heads = new LinkedHashMap<>();

    public MultiTaskNet(ModelConfig config) {
        this.config = config;
        ModelConfig.Architecture a = config.architecture();
        backbone = child("backbone", new Backbone(a));
        neck = child("neck", new Neck(backbone.channels(), a.neckChannels(), a.neckStride()));
        for (Task t : config.tasks()) {
            Head h = switch (t) {
                case DETECTION -> new DetectionHead(a.neckChannels(), a.headChannels(), config.detectionClasses().size());
                case SEGMENTATION -> new SegmentationHead(a.neckChannels(), a.headChannels(),
                        config.segmentationClasses().size(), a.neckStride() / config.segmentationStride());
                case DEPTH -> new DepthHead(a.neckChannels(), a.headChannels(), config.minDepth(), config.maxDepth());
            };
            heads.put(t, child(t.name().toLowerCase(Locale.ROOT), h));
        }
    }

    /** A network with freshly initialised parameters on {@code manager}. */
    public static MultiTaskNet create(ModelConfig config, NDManager manager) {
        MultiTaskNet net = new MultiTaskNet(config);
        net.initialize(manager, DataType.FLOAT32, net.inputShape(1));
        return net;
    }

    public ModelConfig config() {
        return config;
    }

    public Backbone backbone() {
        return backbone;
    }

    public Neck neck() {
        return neck;
    }

    /** The heads, in config order. */
    public Map<Task, Head> heads() {
        return heads;
    }

    public Head head(Task t) {
        Head h = heads.get(t);
        if (h == null) {
            throw new IllegalArgumentException("the model has no " + t + " head; its heads are " + heads.keySet());
        }
        return h;
    }

    /** Output stride of the shared features (and of the detection and depth heads) relative to the input. */
    public int stride() {
        return neck.stride();
    }

    /** Output stride of {@code t}'s head: the segmentation head may upsample to the input (1). */
    public int stride(Task t) {
        return t == Task.SEGMENTATION ? config.segmentationStride() : neck.stride();
    }

    /** [batch, 3, H, W] for the configured input size. */
    public Shape inputShape(int batch) {
        return new Shape(batch, 3, config.inputHeight(), config.inputWidth());
    }

    /** The input of the last shared layer (Z) — see {@link Neck#output()}. */
    public NDArray sharedPreOutput(NDArray image, boolean training) {
        return neck.beforeOutput(backbone.pyramid(image, training), training);
    }

    /** Shared features at the neck stride. */
    @Override
    public NDArray forward(NDArray image, boolean training) {
        return neck.output().forward(sharedPreOutput(image, training), training);
    }

    /** Every head's outputs for one image batch. */
    public Map<Task, NDList> predict(NDArray image, boolean training) {
        NDArray f = forward(image, training);
        Map<Task, NDList> out = new LinkedHashMap<>();
        for (Map.Entry<Task, Head> e : heads.entrySet()) {
            out.put(e.getKey(), e.getValue().outputs(f, training));
        }
        return out;
    }

    @Override
    public Shape outputShape(Shape input) {
        return neck.outputShape(backbone.pyramidShapes(input));
    }

    /** Multiply-accumulates of one forward pass at {@code input}, per part (backbone, neck, each head) and total. */
    public Map<String, Long> macsByPart(Shape input) {
        Map<String, Long> m = new LinkedHashMap<>();
        List<Shape> pyr = backbone.pyramidShapes(input);
        m.put("backbone", backbone.macs(input));
        m.put("neck", neck.macs(pyr));
        Shape f = neck.outputShape(pyr);
        long total = m.get("backbone") + m.get("neck");
        for (Map.Entry<Task, Head> e : heads.entrySet()) {
            long h = e.getValue().macs(f);
            m.put(e.getValue().name(), h);
            total += h;
        }
        m.put("total", total);
        return m;
    }

    @Override
    public long macs(Shape input) {
        return macsByPart(input).get("total");
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        neck.initialize(manager, dataType, inputShapes);
        Shape f = outputShape(inputShapes[0]);
        for (Head h : heads.values()) {
            h.initialize(manager, dataType, f);
        }
    }

    /** Trainable parameters per part (backbone, neck, each head) — for the compare table. */
    public Map<String, Long> parametersByPart() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Pair<String, Block> c : getChildren()) {
            m.put(c.getKey().replaceFirst("^[0-9]+", ""), ((Layer) c.getValue()).trainableParameterCount());
        }
        return m;
    }

    @Override
    public String onnxOps() {
        return "";
    }
}
