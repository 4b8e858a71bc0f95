package dev.trident.bench;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.engine.SessionFactory;
import dev.trident.runtime.onnx.OnnxModelFile;
import dev.trident.runtime.preprocess.Preprocessor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;

/**
 * Mode {@code ort-floor}: bare {@code session.run} of the whole model — the session made by the
 * runtime's {@link SessionFactory}, so providers, threads and graph optimisation match — on an input
 * tensor preprocessed once from the first frame, writing every output into pinned buffers. No
 * preprocessing, decoding or publishing per frame: the physical floor on this machine.
 *
 * <p>Not thread-safe (see {@link Pipeline}).
 */
final class OrtFloorPipeline implements Pipeline {
    private final OrtSession session;
    private final Preprocessor preprocessor;
    private final OnnxTensor input;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
    private final SetupTimes setup;
    private final List<String> notes;

    OrtFloorPipeline(Path model, DeviceConfig config, Mat firstFrame) {
        // the same environment (and shared thread pools, when Trident created it) as the engine's
        OrtEnvironment env = dev.trident.runtime.engine.OrtEnvironments.get(config.threads());
        ModelContract contract = Contracts.of(model);
        byte[] bytes = OnnxModelFile.read(model).bytes();
        long t0 = System.nanoTime();
        SessionFactory factory = new SessionFactory(env, config);
        this.session = factory.create(bytes, null);
        long created = System.nanoTime() - t0;
        Preprocessor pre = null;
        OnnxTensor in = null;
        try {
            pre = new Preprocessor(contract.input());
            pre.run(firstFrame);
            in = OnnxTensor.createTensor(env, pre.buffer().asFloatBuffer(), pre.shape());
            this.preprocessor = pre;
            this.input = in;
            this.inputs = Map.of(contract.input().name(), in);
            long[][] shapes = outputShapes();
            int k = 0;
            for (String name : session.getOutputInfo().keySet()) {
                long[] shape = shapes[k++];
                long n = 1;
                for (long d : shape) {
                    n *= d;
                }
                ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(n * Float.BYTES)).order(ByteOrder.nativeOrder());
                pinned.put(name, OnnxTensor.createTensor(env, b.asFloatBuffer(), shape));
            }
            long f0 = System.nanoTime();
            run();
            long first = System.nanoTime() - f0;
            this.setup = new SetupTimes(created, first);
        } catch (OrtException e) {
            closeAll(in, pre);
            throw new TridentException("bare ORT session failed on " + model + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeAll(in, pre);
            throw e;
        }
        this.notes = List.of("input preprocessed once (first frame), then session.run(input, pinned outputs) per frame: "
                + "no per-frame preprocessing, decoding or publishing", "providers " + factory.activeProviders());
    }

    /** Every output's shape; dynamic dimensions are learned from one run with ORT-allocated outputs. */
    private long[][] outputShapes() throws OrtException {
        Map<String, NodeInfo> info = session.getOutputInfo();
        long[][] shapes = new long[info.size()][];
        boolean dynamic = false;
        int k = 0;
        for (NodeInfo ni : info.values()) {
            if (!(ni.getInfo() instanceof TensorInfo ti) || ti.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                throw new SkipMode("output '" + ni.getName() + "' is not a float tensor; ort-floor pins float outputs only");
            }
            shapes[k] = ti.getShape();
            for (long d : shapes[k]) {
                dynamic |= d < 0;
            }
            k++;
        }
        if (dynamic) {
            Map<String, long[]> learned = new HashMap<>();
            try (OrtSession.Result r = session.run(inputs)) {
                r.forEach(e -> learned.put(e.getKey(), ((TensorInfo) e.getValue().getInfo()).getShape()));
            }
            k = 0;
            for (String name : info.keySet()) {
                shapes[k++] = learned.get(name);
            }
        }
        return shapes;
    }

    private void run() throws OrtException {
        try (OrtSession.Result ignored = session.run(inputs, pinned)) {
            // outputs land in the pinned tensors, which the result does not own
        }
    }

    @Override
    public List<String> stages() {
        return List.of(Stages.INFERENCE);
    }

    @Override
    public void process(Mat image, long seq, long arrivalNanos, long[] stageNanos) throws OrtException {
        long t0 = System.nanoTime();
        run();
        stageNanos[0] = System.nanoTime() - t0;
    }

    @Override
    public SetupTimes setup() {
        return setup;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public void close() {
        pinned.values().forEach(OnnxTensor::close);
        closeAll(input, preprocessor);
        try {
            session.close();
        } catch (OrtException e) {
            // only fails when already closed
        }
    }

    private static void closeAll(OnnxTensor in, Preprocessor pre) {
        if (in != null) {
            in.close();
        }
        if (pre != null) {
            pre.close();
        }
    }
}
