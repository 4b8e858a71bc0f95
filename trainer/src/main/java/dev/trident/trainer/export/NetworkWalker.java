package dev.trident.trainer.export;

import ai.djl.nn.Block;
import ai.djl.util.Pair;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.model.Backbone;
import dev.trident.trainer.model.DepthHead;
import dev.trident.trainer.model.DetectionHead;
import dev.trident.trainer.model.Head;
import dev.trident.trainer.model.MultiTaskNet;
import dev.trident.trainer.model.Neck;
import dev.trident.trainer.model.SegmentationHead;
import dev.trident.trainer.nn.BatchNorm2d;
import dev.trident.trainer.nn.Conv2d;
import dev.trident.trainer.nn.InvertedResidualBlock;
import dev.trident.trainer.nn.Layer;
import dev.trident.trainer.nn.Relu;
import dev.trident.trainer.nn.ResidualBlock;
import dev.trident.trainer.nn.Sequential;
import dev.trident.trainer.nn.Sigmoid;
import dev.trident.trainer.nn.BilinearUpsample;
import dev.trident.trainer.nn.Upsample2x;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a Trident layer tree in forward order and replays each layer's documented forward (see
 * the layers' Javadoc and docs/training.md) as {@link GraphOps} calls. BatchNorm directly after a
 * Conv inside a {@link Sequential} is handed to the conv, to be folded. A layer type not listed
 * here is an {@link ExportException} naming its path and class: the exporter never guesses.
 *
 * <p>Stateless apart from the ops it drives; not thread-safe (the ops are not).
 */
public final class NetworkWalker<T> {
    /** The layer types the exporter maps, for error messages. */
    public static final String SUPPORTED = "Conv2d, BatchNorm2d, Relu, Sigmoid, Upsample2x, BilinearUpsample, Sequential, ResidualBlock, "
            + "InvertedResidualBlock, Backbone, Neck, DetectionHead, SegmentationHead, DepthHead, MultiTaskNet";

    private final GraphOps<T> ops;

    public NetworkWalker(GraphOps<T> ops) {
        this.ops = ops;
    }

    private T lastFeatures;

    /** The outputs of a multi-task network's heads, by output tensor name (see {@link OutputNames}). */
    public Map<String, T> network(MultiTaskNet net, T image, Set<Task> heads) {
        T features = features(net, image);
        lastFeatures = features;
        Map<String, T> out = new LinkedHashMap<>();
        for (Map.Entry<Task, Head> e : net.heads().entrySet()) {
            if (!heads.contains(e.getKey())) {
                continue;
            }
            String path = childName(net, e.getValue());
            List<T> values = headOutputs(path, e.getValue(), features);
            List<String> names = OutputNames.of(e.getKey());
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), values.get(i));
            }
        }
        return out;
    }

    /** The shared features of the last {@link #network} walk. */
    public T lastFeatures() {
        return lastFeatures;
    }

    /** The shared features (the neck's output), the input of every head. */
    public T features(MultiTaskNet net, T image) {
        List<T> pyramid = pyramid("backbone", net.backbone(), image);
        return neck("neck", net.neck(), pyramid);
    }

    /** Any single-input, single-output layer: its {@code forward(x)}. */
    public T layer(String path, Layer layer, T x) {
        if (layer instanceof Conv2d c) {
            return ops.conv(path, c, null, x);
        }
        if (layer instanceof BatchNorm2d bn) {
            return ops.batchNorm(path, bn, x);
        }
        if (layer instanceof Relu) {
            return ops.relu(path, x);
        }
        if (layer instanceof Sigmoid) {
            return ops.sigmoid(path, x);
        }
        if (layer instanceof Upsample2x) {
            return ops.upsample2x(path, x);
        }
        if (layer instanceof BilinearUpsample up) {
            return ops.bilinearUpsample(path, up, x);
        }
        if (layer instanceof ResidualBlock r) {
            return residual(path, r, x);
        }
        if (layer instanceof InvertedResidualBlock r) {
            return invertedResidual(path, r, x);
        }
        if (layer instanceof Backbone b) {
            List<T> p = pyramid(path, b, x);
            return p.get(p.size() - 1);
        }
        if (layer instanceof Head h) {
            List<T> outs = headOutputs(path, h, x);
            return outs.size() == 1 ? outs.get(0) : ops.concat(path, outs);
        }
        if (layer instanceof MultiTaskNet n) {
            return features(n, x);
        }
        if (layer.getClass() == Sequential.class) {
            return sequential(path, (Sequential) layer, x);
        }
        throw unsupported(path, layer);
    }

    private T sequential(String path, Sequential seq, T x) {
        List<Pair<String, Block>> children = seq.getChildren().stream().toList();
        T y = x;
        for (int i = 0; i < children.size(); i++) {
            String name = join(path, strip(children.get(i).getKey()));
            Block b = children.get(i).getValue();
            if (b instanceof Conv2d conv && i + 1 < children.size() && children.get(i + 1).getValue() instanceof BatchNorm2d bn
                    && bn.channels() == conv.out()) {
                y = ops.conv(join(path, strip(children.get(i + 1).getKey())), conv, bn, y);
                i++;
            } else {
                y = layer(name, asLayer(name, b), y);
            }
        }
        return y;
    }

    /** {@code relu(body(x) + shortcut(x))}, shortcut = identity when absent. */
    private T residual(String path, ResidualBlock r, T x) {
        Layer body = child(path, r, "body");
        Layer shortcut = optionalChild(r, "shortcut");
        T skip = shortcut == null ? x : layer(join(path, "shortcut"), shortcut, x);
        T sum = ops.add(join(path, "add"), layer(join(path, "body"), body, x), skip);
        return ops.relu(join(path, "relu"), sum);
    }

    /** {@code body(x) + x} when the block keeps stride 1 and its channel count, else {@code body(x)}. */
    private T invertedResidual(String path, InvertedResidualBlock r, T x) {
        Layer body = child(path, r, "body");
        List<Conv2d> convs = new ArrayList<>();
        collectConvs(body, convs);
        if (convs.isEmpty()) {
            throw new ExportException("layer '" + path + "' (InvertedResidualBlock) has no convolutions in its body; "
                    + "the model does not match the exporter's mapping");
        }
        int stride = 1;
        for (Conv2d c : convs) {
            stride *= c.stride();
        }
        boolean skip = stride == 1 && convs.get(0).in() == convs.get(convs.size() - 1).out();
        T y = layer(join(path, "body"), body, x);
        return skip ? ops.add(join(path, "add"), y, x) : y;
    }

    private List<T> pyramid(String path, Backbone b, T x) {
        List<T> out = new ArrayList<>();
        T y = layer(join(path, "stem"), child(path, b, "stem"), x);
        for (int i = 1; ; i++) {
            Layer stage = optionalChild(b, "stage" + i);
            if (stage == null) {
                break;
            }
            y = layer(join(path, "stage" + i), stage, y);
            out.add(y);
        }
        if (out.isEmpty()) {
            throw new ExportException("layer '" + path + "' (Backbone) has no stages; the model does not match the exporter");
        }
        return out;
    }

    /**
     * The neck's top-down pass: {@code P_top = lateral_top(C_top)}; for each finer level
     * {@code P_i = smooth_i(lateral_i(C_i) + up(P_(i+1)))}; then {@code output(P_finest)}.
     */
    private T neck(String path, Neck neck, List<T> pyramid) {
        int top = pyramid.size() - 1;
        int finest = -1;
        for (int i = 0; i <= top; i++) {
            if (optionalChild(neck, "lateral" + (i + 1)) != null) {
                finest = i;
                break;
            }
        }
        if (finest < 0) {
            throw new ExportException("layer '" + path + "' (Neck) has no lateral layers; the model does not match the exporter");
        }
        Layer up = child(path, neck, "up");
        T p = layer(join(path, "lateral" + (top + 1)), child(path, neck, "lateral" + (top + 1)), pyramid.get(top));
        for (int i = top - 1; i >= finest; i--) {
            T lateral = layer(join(path, "lateral" + (i + 1)), child(path, neck, "lateral" + (i + 1)), pyramid.get(i));
            T upsampled = layer(join(path, "up" + (i + 1)), up, p);
            T merged = ops.add(join(path, "add" + (i + 1)), lateral, upsampled);
            p = layer(join(path, "smooth" + (i + 1)), child(path, neck, "smooth" + (i + 1)), merged);
        }
        return layer(join(path, "output"), child(path, neck, "output"), p);
    }

    /** A head's outputs in {@link Head#outputNames()} order. */
    private List<T> headOutputs(String path, Head head, T features) {
        T trunk = layer(join(path, "trunk"), child(path, head, "trunk"), features);
        List<T> out = new ArrayList<>();
        if (head instanceof DetectionHead) {
            for (String n : List.of("heatmap", "size", "offset")) {
                out.add(layer(join(path, n), child(path, head, n), trunk));
            }
        } else if (head instanceof SegmentationHead seg) {
            T logits = layer(join(path, "logits"), child(path, head, "logits"), trunk);
            out.add(seg.upsampleFactor() > 1 ? layer(join(path, "upsample"), child(path, head, "upsample"), logits) : logits);
        } else if (head instanceof DepthHead) {
            T logit = layer(join(path, "logit"), child(path, head, "logit"), trunk);
            out.add(layer(join(path, "sigmoid"), child(path, head, "sigmoid"), logit));
        } else {
            throw unsupported(path, head);
        }
        return out;
    }

    private static void collectConvs(Block b, List<Conv2d> out) {
        if (b instanceof Conv2d c) {
            out.add(c);
        }
        for (Pair<String, Block> c : b.getChildren()) {
            collectConvs(c.getValue(), out);
        }
    }

    private static Layer child(String path, Block parent, String name) {
        Layer l = optionalChild(parent, name);
        if (l == null) {
            throw new ExportException("layer '" + path + "' (" + parent.getClass().getSimpleName() + ") has no child '" + name
                    + "'; the model does not match the exporter's mapping of this layer type");
        }
        return l;
    }

    private static Layer optionalChild(Block parent, String name) {
        for (Pair<String, Block> c : parent.getChildren()) {
            if (strip(c.getKey()).equals(name)) {
                return asLayer(name, c.getValue());
            }
        }
        return null;
    }

    private static Layer asLayer(String path, Block b) {
        if (b instanceof Layer l) {
            return l;
        }
        throw new ExportException("unsupported layer '" + path + "' (" + b.getClass().getName()
                + "): not a Trident layer; the exporter maps " + SUPPORTED);
    }

    private static String childName(Block parent, Block child) {
        for (Pair<String, Block> c : parent.getChildren()) {
            if (c.getValue() == child) {
                return strip(c.getKey());
            }
        }
        return child.getClass().getSimpleName();
    }

    static ExportException unsupported(String path, Layer layer) {
        return new ExportException("unsupported layer '" + path + "' (" + layer.getClass().getName()
                + "): the exporter maps " + SUPPORTED + "; add its ONNX mapping to dev.trident.trainer.export.NetworkWalker");
    }

    /** DJL prefixes child names with their 2-digit position ("01stem"). */
    static String strip(String key) {
        return key.replaceFirst("^[0-9]+", "");
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
