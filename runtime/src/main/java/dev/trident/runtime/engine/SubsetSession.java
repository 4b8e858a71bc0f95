package dev.trident.runtime.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.decode.TensorView;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ORT session that computes the outputs of one subset of heads (a pruned model, or the whole
 * model for all heads), with every output pinned: ORT writes into direct buffers allocated once,
 * and decoders read them through fixed {@link TensorView}s.
 *
 * <p>Not thread-safe: used by the engine's inference thread only.
 */
final class SubsetSession implements AutoCloseable {
    final int mask;
    final int nodeCount;
    final long parameterCount;
    private final OrtSession session;
    private final Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
    private final Map<String, TensorView> views = new HashMap<>();
    private final Map<String, OnnxTensor> inputs;
    /** Per head index: role → view, for the heads in this subset (null for the others). */
    private final List<Map<String, TensorView>> roleViews = new java.util.ArrayList<>();

    SubsetSession(OrtEnvironment env, OrtSession session, ModelContract contract, int mask, int nodeCount,
                  long parameterCount, OnnxTensor input) {
        this.session = session;
        this.mask = mask;
        this.nodeCount = nodeCount;
        this.parameterCount = parameterCount;
        this.inputs = Map.of(contract.input().name(), input);
        List<String> outputs = outputsOf(contract, mask);
        try {
            Map<String, long[]> shapes = outputShapes(outputs);
            for (String name : outputs) {
                long[] shape = shapes.get(name);
                long n = 1;
                for (long d : shape) {
                    n *= d;
                }
                ByteBuffer bytes = ByteBuffer.allocateDirect(Math.toIntExact(n * Float.BYTES)).order(ByteOrder.nativeOrder());
                FloatBuffer floats = bytes.asFloatBuffer();
                pinned.put(name, OnnxTensor.createTensor(env, floats, shape));
                views.put(name, new TensorView(name, shape, floats));
            }
            for (int h = 0; h < contract.heads().size(); h++) {
                if ((mask & (1 << h)) == 0) {
                    roleViews.add(null);
                    continue;
                }
                HeadSpec head = contract.heads().get(h);
                Map<String, TensorView> roles = new HashMap<>();
                head.outputs().forEach((role, tensor) -> roles.put(role, views.get(tensor)));
                roleViews.add(Map.copyOf(roles));
            }
        } catch (OrtException e) {
            close();
            throw new TridentException("cannot allocate the model's output tensors: " + SessionFactory.firstLine(e.getMessage()));
        }
    }

    /** The output shapes; dynamic ones are learned from one probe run on the (zeroed) input. */
    private Map<String, long[]> outputShapes(List<String> outputs) throws OrtException {
        Map<String, NodeInfo> info = session.getOutputInfo();
        Map<String, long[]> shapes = new HashMap<>();
        boolean dynamic = false;
        for (String name : outputs) {
            NodeInfo ni = info.get(name);
            if (ni == null || !(ni.getInfo() instanceof TensorInfo ti)) {
                throw new TridentException("model output '" + name + "' is not a tensor; heads must output float tensors");
            }
            if (ti.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                throw new TridentException("model output '" + name + "' is " + ti.type + "; heads must output float32 tensors"
                        + " (an FP16 model must keep FP32 outputs)");
            }
            long[] shape = ti.getShape();
            for (long d : shape) {
                dynamic |= d < 0;
            }
            shapes.put(name, shape);
        }
        if (dynamic) {
            try (OrtSession.Result r = session.run(inputs, new java.util.HashSet<>(outputs))) {
                for (String name : outputs) {
                    shapes.put(name, ((TensorInfo) r.get(name).orElseThrow().getInfo()).getShape());
                }
            }
        }
        return shapes;
    }

    /** Runs the session; outputs land in the pinned buffers. */
    void run() throws OrtException {
        try (OrtSession.Result ignored = session.run(inputs, pinned)) {
            // the pinned tensors are not owned by the result: closing it frees nothing we read
        }
    }

    /** The output tensors the heads in {@code mask} read, in head order, without duplicates. */
    static List<String> outputsOf(ModelContract contract, int mask) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (int h = 0; h < contract.heads().size(); h++) {
            if ((mask & (1 << h)) != 0) {
                HeadSpec head = contract.heads().get(h);
                for (String role : HeadSpec.requiredRoles(head.task(), head.detection())) {
                    out.add(head.output(role));
                }
            }
        }
        return List.copyOf(out);
    }

    /** Role → tensor view of head {@code h} (must be in this subset). */
    Map<String, TensorView> roles(int h) {
        return roleViews.get(h);
    }

    /** The view of one output (must be computed by this subset). */
    TensorView view(String output) {
        return views.get(output);
    }

    @Override
    public void close() {
        for (OnnxTensor t : pinned.values()) {
            t.close();
        }
        pinned.clear();
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session only fails if it was already closed
        }
    }
}
