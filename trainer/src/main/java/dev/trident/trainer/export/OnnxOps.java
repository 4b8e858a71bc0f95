package dev.trident.trainer.export;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import dev.trident.runtime.onnx.OnnxGraphBuilder;
import dev.trident.trainer.nn.BatchNorm2d;
import dev.trident.trainer.nn.BilinearUpsample;
import dev.trident.trainer.nn.Conv2d;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link GraphOps} that write an ONNX graph (IR {@value OnnxGraphBuilder#IR_VERSION}, opset
 * {@value OnnxGraphBuilder#OPSET}) with the trained weights as initializers:
 * <ul>
 *   <li>Conv2d → {@code Conv} (kernel_shape, strides, pads k/2, dilations 1, group); a following
 *       BatchNorm2d is folded in: {@code W' = W·γ/√(σ²+ε)}, {@code b' = (b − μ)·γ/√(σ²+ε) + β},
 *       computed in double precision;</li>
 *   <li>a lone BatchNorm2d → {@code BatchNormalization} (epsilon {@link BatchNorm2d#EPS});</li>
 *   <li>Relu, Sigmoid, Add → the ONNX op of the same name; channel concat → {@code Concat} axis 1;</li>
 *   <li>Upsample2x → {@code Resize} (nearest, scales [1, 1, 2, 2], asymmetric, floor);</li>
 *   <li>BilinearUpsample → {@code Resize} (linear, scales [1, 1, f, f], half_pixel);</li>
 *   <li>{@link #classMap} (not a layer: the exporter's segmentation class map) → {@code ArgMax}
 *       (axis 1, keepdims, first index on ties) then {@code Cast} of the int64 indices to float32.</li>
 * </ul>
 * Every value is named after its layer path and gets a {@code value_info} with its element type
 * (and its shape when static). {@link Precision#FP16}: weights stored and computed in float16,
 * with a {@code Cast} after the float32 input and before each float32 output (Resize's
 * {@code scales} stay float32, as the operator requires).
 *
 * <p>Not thread-safe; one graph per instance.
 */
public final class OnnxOps implements GraphOps<String> {
    /** Element type of weights and compute. */
    public enum Precision { FP32, FP16 }

    private final Precision precision;
    private final boolean dynamic;
    private final List<OnnxMl.NodeProto.Builder> nodes = new ArrayList<>();
    private final List<OnnxMl.TensorProto> initializers = new ArrayList<>();
    private final List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, String> trace = new LinkedHashMap<>();
    private final Map<String, String> opOfValue = new LinkedHashMap<>();
    /** Values whose element type is not the compute precision's (class-map indices and their casts). */
    private final Map<String, DataType> valueTypes = new LinkedHashMap<>();
    private String scales;
    private final java.util.Set<String> bilinearScales = new java.util.HashSet<>();

    /**
     * @param dynamic batch, height and width symbolic in the input and outputs (default static:
     *                TensorRT rebuilds engines for dynamic shapes)
     */
    public OnnxOps(Precision precision, boolean dynamic) {
        this.precision = precision;
        this.dynamic = dynamic;
    }

    public Precision precision() {
        return precision;
    }

    /** Path → value name of every traced value, in graph order. */
    public Map<String, String> trace() {
        return trace;
    }

    /** The ONNX op that produces a value (for error messages). */
    public String opOf(String value) {
        return opOfValue.getOrDefault(value, "?");
    }

    /** Declares the float32 NCHW image input; returns the value the network reads (cast to float16 for FP16). */
    public String input(String name, int channels, int height, int width) {
        long[] shape = dynamic ? new long[] {-1, channels, -1, -1} : new long[] {1, channels, height, width};
        inputs.add(valueInfo(name, DataType.FLOAT, shape, true));
        shapes.put(name, shape);
        if (precision == Precision.FP32) {
            return name;
        }
        return node("Cast", "input_to_fp16", name + "_fp16", shape, List.of(name),
                OnnxGraphBuilder.integer("to", DataType.FLOAT16_VALUE));
    }

    /** Makes {@code value} a float32 graph output called {@code name} (renamed, or cast for FP16). */
    public void output(String value, String name) {
        if (precision == Precision.FP16 && valueTypes.get(value) != DataType.FLOAT) {
            node("Cast", "output_" + name, name, shapes.get(value), List.of(value),
                    OnnxGraphBuilder.integer("to", DataType.FLOAT_VALUE));
        } else if (producedByNode(value) && !outputs.contains(value) && !value.equals(name)) {
            rename(value, name);
        } else if (!value.equals(name)) {
            node("Identity", "output_" + name, name, shapes.get(value), List.of(value));
        }
        outputs.add(name);
    }

    /** Renames an internal value (e.g. the shared features to {@code features}). */
    public String rename(String from, String to) {
        if (shapes.containsKey(to)) {
            throw new IllegalArgumentException("value name '" + to + "' is taken");
        }
        for (OnnxMl.NodeProto.Builder n : nodes) {
            for (int i = 0; i < n.getInputCount(); i++) {
                if (n.getInput(i).equals(from)) {
                    n.setInput(i, to);
                }
            }
            for (int i = 0; i < n.getOutputCount(); i++) {
                if (n.getOutput(i).equals(from)) {
                    n.setOutput(i, to);
                }
            }
        }
        shapes.put(to, shapes.remove(from));
        opOfValue.put(to, opOfValue.remove(from));
        if (valueTypes.containsKey(from)) {
            valueTypes.put(to, valueTypes.remove(from));
        }
        trace.replaceAll((k, v) -> v.equals(from) ? to : v);
        return to;
    }

    @Override
    public String conv(String path, Conv2d conv, BatchNorm2d bn, String x) {
        float[] w = conv.weight().getArray().toFloatArray();
        float[] b = conv.bias() == null ? null : conv.bias().getArray().toFloatArray();
        int out = conv.out();
        if (bn != null) {
            float[] gamma = bn.gamma().getArray().toFloatArray();
            float[] beta = bn.beta().getArray().toFloatArray();
            float[] mean = bn.runningMean().getArray().toFloatArray();
            float[] var = bn.runningVar().getArray().toFloatArray();
            int per = w.length / out;
            float[] fw = new float[w.length];
            float[] fb = new float[out];
            for (int c = 0; c < out; c++) {
                double scale = gamma[c] / Math.sqrt((double) var[c] + (double) BatchNorm2d.EPS);
                for (int i = 0; i < per; i++) {
                    fw[c * per + i] = (float) (w[c * per + i] * scale);
                }
                fb[c] = (float) (((b == null ? 0 : b[c]) - (double) mean[c]) * scale + beta[c]);
            }
            w = fw;
            b = fb;
        }
        int k = conv.kernel();
        List<String> ins = new ArrayList<>(List.of(x, weight(path + ".weight", w, out, conv.in() / conv.groups(), k, k)));
        if (b != null) {
            ins.add(weight(path + ".bias", b, out));
        }
        long[] s = shapes.get(x);
        int p = conv.padding();
        long[] shape = {s[0], out, spatial(s[2], k, p, conv.stride()), spatial(s[3], k, p, conv.stride())};
        return traced(path, node("Conv", path, path, shape, ins,
                OnnxGraphBuilder.ints("kernel_shape", k, k), OnnxGraphBuilder.ints("strides", conv.stride(), conv.stride()),
                OnnxGraphBuilder.ints("pads", p, p, p, p), OnnxGraphBuilder.ints("dilations", 1, 1),
                OnnxGraphBuilder.integer("group", conv.groups())));
    }

    @Override
    public String batchNorm(String path, BatchNorm2d bn, String x) {
        int c = bn.channels();
        List<String> ins = List.of(x,
                weight(path + ".gamma", bn.gamma().getArray().toFloatArray(), c),
                weight(path + ".beta", bn.beta().getArray().toFloatArray(), c),
                weight(path + ".runningMean", bn.runningMean().getArray().toFloatArray(), c),
                weight(path + ".runningVar", bn.runningVar().getArray().toFloatArray(), c));
        return traced(path, node("BatchNormalization", path, path, shapes.get(x), ins,
                OnnxGraphBuilder.real("epsilon", BatchNorm2d.EPS)));
    }

    @Override
    public String relu(String path, String x) {
        return traced(path, node("Relu", path, path, shapes.get(x), List.of(x)));
    }

    @Override
    public String sigmoid(String path, String x) {
        return traced(path, node("Sigmoid", path, path, shapes.get(x), List.of(x)));
    }

    @Override
    public String upsample2x(String path, String x) {
        if (scales == null) {
            scales = "upsample2x.scales";
            initializers.add(tensor(scales, DataType.FLOAT, new float[] {1, 1, 2, 2}, 4));
        }
        long[] s = shapes.get(x);
        long[] shape = {s[0], s[1], s[2] < 0 ? -1 : s[2] * 2, s[3] < 0 ? -1 : s[3] * 2};
        return traced(path, node("Resize", path, path, shape, List.of(x, "", scales),
                OnnxGraphBuilder.string("mode", "nearest"),
                OnnxGraphBuilder.string("coordinate_transformation_mode", "asymmetric"),
                OnnxGraphBuilder.string("nearest_mode", "floor")));
    }

    @Override
    public String bilinearUpsample(String path, BilinearUpsample up, String x) {
        int f = up.factor();
        String name = "bilinear" + f + ".scales";
        if (!bilinearScales.contains(name)) {
            bilinearScales.add(name);
            initializers.add(tensor(name, DataType.FLOAT, new float[] {1, 1, f, f}, 4));
        }
        long[] s = shapes.get(x);
        long[] shape = {s[0], s[1], s[2] < 0 ? -1 : s[2] * f, s[3] < 0 ? -1 : s[3] * f};
        return traced(path, node("Resize", path, path, shape, List.of(x, "", name),
                OnnxGraphBuilder.string("mode", "linear"),
                OnnxGraphBuilder.string("coordinate_transformation_mode", "half_pixel")));
    }

    @Override
    public String add(String path, String a, String b) {
        return traced(path, node("Add", path, path, shapes.get(a), List.of(a, b)));
    }

    @Override
    public String concat(String path, List<String> xs) {
        long[] s = shapes.get(xs.get(0)).clone();
        long c = 0;
        for (String x : xs) {
            c += shapes.get(x)[1];
        }
        s[1] = c;
        return traced(path, node("Concat", path, path, s, xs, OnnxGraphBuilder.integer("axis", 1)));
    }

    /**
     * The per-pixel class index of {@code logits} [N, C, H, W]: {@code ArgMax} over the channels
     * (the first index on ties, as the runtime's logits decoder), cast to float32 [N, 1, H, W] so
     * that the runtime reads every output as float. FP16 graphs take the argmax of the logits cast
     * back to float32 (ONNX Runtime's CPU ArgMax has no float16 kernel). Not traced: parity
     * compares it as a class map, not value by value.
     */
    public String classMap(String path, String logits) {
        long[] s = shapes.get(logits);
        long[] shape = {s[0], 1, s[2], s[3]};
        String x = logits;
        if (precision == Precision.FP16) {
            x = node("Cast", path + ".logits_fp32", path + ".logits_fp32", s, List.of(logits),
                    OnnxGraphBuilder.integer("to", DataType.FLOAT_VALUE));
            valueTypes.put(x, DataType.FLOAT);
        }
        String index = node("ArgMax", path + ".argmax", path + ".argmax", shape, List.of(x),
                OnnxGraphBuilder.integer("axis", 1), OnnxGraphBuilder.integer("keepdims", 1),
                OnnxGraphBuilder.integer("select_last_index", 0));
        valueTypes.put(index, DataType.INT64);
        String f = node("Cast", path, path, shape, List.of(index), OnnxGraphBuilder.integer("to", DataType.FLOAT_VALUE));
        valueTypes.put(f, DataType.FLOAT);
        return f;
    }

    /** The graph: inputs, initializers, nodes, outputs and a value_info for every other value. */
    public OnnxMl.GraphProto graph(String name) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName(name);
        g.addAllInput(inputs);
        g.addAllInitializer(initializers);
        for (OnnxMl.NodeProto.Builder n : nodes) {
            g.addNode(n.build());
        }
        for (String o : outputs) {
            g.addOutput(valueInfo(o, DataType.FLOAT, shapes.get(o), true));
        }
        DataType compute = precision == Precision.FP16 ? DataType.FLOAT16 : DataType.FLOAT;
        for (OnnxMl.NodeProto.Builder n : nodes) {
            for (String v : n.getOutputList()) {
                if (!outputs.contains(v)) {
                    g.addValueInfo(valueInfo(v, valueTypes.getOrDefault(v, compute), shapes.get(v), !dynamic));
                }
            }
        }
        return g.build();
    }

    /** The model: the graph plus opset, IR version, producer and metadata. */
    public OnnxMl.ModelProto model(String graphName, Map<String, String> metadata) {
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(OnnxGraphBuilder.IR_VERSION)
                .setProducerName("trident-export")
                .setProducerVersion("0.1")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxGraphBuilder.OPSET))
                .setGraph(graph(graphName));
        metadata.forEach((k, v) -> m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private String traced(String path, String value) {
        trace.put(path, value);
        return value;
    }

    private boolean producedByNode(String value) {
        for (OnnxMl.NodeProto.Builder n : nodes) {
            if (n.getOutputList().contains(value)) {
                return true;
            }
        }
        return false;
    }

    private String node(String op, String name, String output, long[] shape, List<String> ins,
                        OnnxMl.AttributeProto... attributes) {
        if (shapes.containsKey(output)) {
            throw new IllegalStateException("value '" + output + "' is written twice");
        }
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name)
                .addAllInput(ins).addOutput(output);
        for (OnnxMl.AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        nodes.add(n);
        shapes.put(output, shape);
        opOfValue.put(output, op);
        return output;
    }

    /** A weight initializer in the compute precision. */
    private String weight(String name, float[] data, long... dims) {
        initializers.add(tensor(name, precision == Precision.FP16 ? DataType.FLOAT16 : DataType.FLOAT, data, dims));
        return name;
    }

    static OnnxMl.TensorProto tensor(String name, DataType type, float[] data, long... dims) {
        ByteBuffer buf;
        if (type == DataType.FLOAT16) {
            buf = ByteBuffer.allocate(data.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : data) {
                buf.putShort(Half.fromFloat(f));
            }
        } else {
            buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(data);
        }
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(buf.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static long spatial(long in, int k, int p, int s) {
        return in < 0 ? -1 : (in + 2L * p - k) / s + 1;
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, DataType type, long[] dims, boolean withShape) {
        OnnxMl.TypeProto.Tensor.Builder t = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber());
        if (withShape && dims != null) {
            OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
            String[] symbols = {"batch", "channels", "height", "width"};
            for (int i = 0; i < dims.length; i++) {
                OnnxMl.TensorShapeProto.Dimension.Builder d = OnnxMl.TensorShapeProto.Dimension.newBuilder();
                if (dims[i] >= 0) {
                    d.setDimValue(dims[i]);
                } else {
                    d.setDimParam(i == 0 ? "batch" : name + "_" + symbols[Math.min(i, 3)]);
                }
                shape.addDim(d);
            }
            t.setShape(shape);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(t)).build();
    }
}
