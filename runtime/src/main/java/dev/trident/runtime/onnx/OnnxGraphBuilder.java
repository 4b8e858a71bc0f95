package dev.trident.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small ONNX graphs in code: float32 inputs, initializers, nodes, outputs and metadata,
 * as an IR 8 / opset 17 {@code ModelProto}. Used by tests that need exact numbers, by the demo's
 * generated model and by the benchmarks.
 *
 * <p>Not thread-safe; build one graph per instance.
 */
public final class OnnxGraphBuilder {
    /** IR version written (ORT 1.29 reads 3..11; we stay at 8 for older runtimes on vehicles). */
    public static final long IR_VERSION = 8;
    /** Default-domain opset written. */
    public static final long OPSET = 17;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private int counter;

    public OnnxGraphBuilder(String graphName) {
        graph.setName(graphName);
    }

    /** Declares a float32 graph input; a negative dimension is symbolic ("dynamic"). */
    public String input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
        return name;
    }

    /** Adds a float32 constant initializer with the given dims (row-major data). */
    public String initializer(String name, float[] data, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("initializer " + name + " has " + data.length + " values for dims "
                    + java.util.Arrays.toString(dims));
        }
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(buf.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds an int64 constant initializer (shapes, axes). */
    public String initializerInt64(String name, long[] data, long... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber());
        for (long v : data) {
            t.addInt64Data(v);
        }
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a node with one output, named {@code output} (or generated when null); returns the output name. */
    public String node(String opType, List<String> inputs, String output, OnnxMl.AttributeProto... attributes) {
        String out = output != null ? output : opType.toLowerCase(java.util.Locale.ROOT) + "_" + (counter++);
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder()
                .setOpType(opType)
                .setName("n" + graph.getNodeCount() + "_" + opType)
                .addAllInput(inputs)
                .addOutput(out);
        for (OnnxMl.AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return out;
    }

    /** Adds a node with one generated output name. */
    public String node(String opType, String... inputs) {
        return node(opType, List.of(inputs), null);
    }

    /** A Conv with the given weights [out, in, k, k] and bias [out], same padding. */
    public String conv(String x, float[] weights, float[] bias, int outChannels, int inChannels, int kernel, int stride,
                       String output) {
        String w = initializer(fresh("w"), weights, outChannels, inChannels, kernel, kernel);
        List<String> ins = new ArrayList<>(List.of(x, w));
        if (bias != null) {
            ins.add(initializer(fresh("b"), bias, outChannels));
        }
        int pad = kernel / 2;
        return node("Conv", ins, output,
                ints("kernel_shape", kernel, kernel), ints("strides", stride, stride), ints("pads", pad, pad, pad, pad));
    }

    /** Declares a float32 graph output with the given dims (negative = dynamic). */
    public void output(String name, long... dims) {
        graph.addOutput(valueInfo(name, dims));
    }

    /** Adds a model-level metadata property (e.g. {@code trident.contract}). */
    public OnnxGraphBuilder metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** A fresh unique value name with the given prefix. */
    public String fresh(String prefix) {
        return prefix + "_" + (counter++);
    }

    public OnnxMl.ModelProto build() {
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("trident")
                .setProducerVersion("0.1")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((k, v) -> m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    public byte[] toBytes() {
        return build().toByteArray();
    }

    public static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder()
                .setName(name).setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    public static OnnxMl.AttributeProto integer(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static OnnxMl.AttributeProto real(String name, float value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static OnnxMl.AttributeProto string(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(value)).build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        int sym = 0;
        for (long d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d >= 0) {
                dim.setDimValue(d);
            } else {
                dim.setDimParam(name + "_d" + (sym++));
            }
            shape.addDim(dim);
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
                .build();
    }
}
