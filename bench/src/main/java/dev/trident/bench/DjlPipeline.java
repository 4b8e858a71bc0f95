package dev.trident.bench;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.config.ExecutionProvider;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.onnx.OnnxModelFile;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.preprocess.Preprocessor;
import dev.trident.runtime.result.PerceptionResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;

/**
 * Mode {@code djl}: what a Java developer would usually write — a DJL {@link Predictor} on DJL's
 * OnnxRuntime engine with a {@link Translator} that does the same pre- and post-processing as
 * Trident. The Translator reuses Trident's {@link Preprocessor} (DJL's own image ops need an
 * NDArray engine such as PyTorch, which the OnnxRuntime engine does not provide) and hands its
 * buffer to DJL as an NDArray; outputs come back as DJL NDArrays, are copied into float buffers
 * ({@code NDArray.toByteBuffer}) and decoded by Trident's head decoders.
 *
 * <p>Stages: {@code preprocess} (Translator.processInput), {@code inference} (everything between
 * processInput and processOutput — DJL's NDArray wrapping, ORT session.run, output NDArrays — plus
 * the output copies), each head's decode, publish.
 *
 * <p>Not thread-safe (see {@link Pipeline}).
 */
final class DjlPipeline implements Pipeline {
    private final ZooModel<Mat, PerceptionResult> model;
    private final Predictor<Mat, PerceptionResult> predictor;
    private final TridentTranslator translator;
    private final Publisher publisher = new Publisher();
    private final List<String> stages = new ArrayList<>();
    private final SetupTimes setup;
    private final List<String> notes = new ArrayList<>();

    /**
     * Loads DJL's OnnxRuntime engine. DJL creates ONNX Runtime's process-wide environment itself
     * (with thread-pool options) and fails when one exists, so call this before anything else touches
     * ONNX Runtime. Idempotent; a failure is remembered and reported when the mode opens.
     */
    static synchronized void initEngine() {
        if (engineVersion != null || engineFailure != null) {
            return;
        }
        // DJL must never reach for the network (model zoo, engine downloads): set before DJL loads
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.default_engine", "OnnxRuntime");
        try {
            ai.djl.engine.Engine.getEngine("OnnxRuntime");
            engineVersion = ai.djl.engine.Engine.getDjlVersion();
        } catch (RuntimeException | LinkageError e) {
            engineFailure = firstLine(e);
        }
    }

    private static String engineVersion;
    private static String engineFailure;

    DjlPipeline(Path modelPath, DeviceConfig config, Mat firstFrame) {
        initEngine();
        if (engineFailure != null) {
            throw new SkipMode("DJL's OnnxRuntime engine cannot start here: " + engineFailure);
        }
        ModelContract contract = Contracts.of(modelPath);
        OnnxModelFile file = OnnxModelFile.read(modelPath);
        if (config.executionProviders().get(0) != ExecutionProvider.CPU) {
            notes.add("DJL runs on its CPU device here; the config's " + config.executionProviders() + " apply to Trident's modes");
        }
        translator = new TridentTranslator(contract, file.proto());
        Criteria.Builder<Mat, PerceptionResult> criteria = Criteria.builder()
                .setTypes(Mat.class, PerceptionResult.class)
                .optModelPath(modelPath)
                .optEngine("OnnxRuntime")
                .optDevice(Device.cpu())
                .optTranslator(translator)
                .optOption("optLevel", switch (config.graphOptimization()) {
                    case NONE -> "NO_OPT";
                    case BASIC -> "BASIC_OPT";
                    case EXTENDED -> "EXTENDED_OPT";
                    case ALL -> "ALL_OPT";
                });
        if (config.threads().intraOp() > 0) {
            criteria.optOption("intraOpNumThreads", Integer.toString(config.threads().intraOp()));
        }
        if (config.threads().interOp() > 0) {
            criteria.optOption("interOpNumThreads", Integer.toString(config.threads().interOp()));
        }
        long t0 = System.nanoTime();
        try {
            model = criteria.build().loadModel();
        } catch (Exception | LinkageError e) {
            translator.close();
            throw new SkipMode("DJL cannot load the model with its OnnxRuntime engine: " + firstLine(e), e);
        }
        long created = System.nanoTime() - t0;
        predictor = model.newPredictor();
        long f0 = System.nanoTime();
        try {
            predictor.predict(firstFrame);
        } catch (Exception e) {
            close();
            throw new SkipMode("DJL's first prediction failed: " + firstLine(e), e);
        }
        setup = new SetupTimes(created, System.nanoTime() - f0);
        stages.add(Stages.PREPROCESS);
        stages.add(Stages.INFERENCE);
        for (var h : contract.heads()) {
            stages.add(Stages.decode(h.name()));
        }
        stages.add(Stages.PUBLISH);
        notes.add("DJL " + engineVersion + " OnnxRuntime engine over ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion()
                + ", ai.djl.offline=true; "
                + "Translator: Trident's Preprocessor into an NDArray; outputs copied from DJL NDArrays into float buffers and "
                + "decoded by Trident's decoders");
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        int nl = m.indexOf('\n');
        return root.getClass().getSimpleName() + ": " + (nl > 0 ? m.substring(0, nl) : m);
    }

    @Override
    public List<String> stages() {
        return stages;
    }

    @Override
    public void process(Mat image, long seq, long arrivalNanos, long[] stageNanos) throws Exception {
        translator.seq = seq;
        translator.arrival = arrivalNanos;
        translator.stageNanos = stageNanos;
        long t0 = System.nanoTime();
        PerceptionResult r = predictor.predict(image);
        long t1 = System.nanoTime();
        // inference = the whole predict minus the Translator's own preprocessing and decoding
        long decodes = 0;
        for (int h = 0; h < translator.decoders.heads(); h++) {
            decodes += Math.max(0, stageNanos[2 + h]);
        }
        stageNanos[1] = (t1 - t0) - stageNanos[0] - decodes;
        long p0 = System.nanoTime();
        publisher.publish(seq, r);
        stageNanos[stageNanos.length - 1] = System.nanoTime() - p0;
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
        if (predictor != null) {
            predictor.close();
        }
        if (model != null) {
            model.close();
        }
        translator.close();
    }

    /**
     * Trident's preprocessing and decoders as a DJL Translator. Not thread-safe: one predictor,
     * one thread.
     */
    static final class TridentTranslator implements Translator<Mat, PerceptionResult> {
        private final Preprocessor preprocessor;
        private final FloatBuffer input;
        private final Shape shape;
        private final String inputName;
        private final HeadDecoders decoders;
        private final List<String> modelOutputs = new ArrayList<>();
        private InputTransform transform;
        long seq;
        long arrival;
        long[] stageNanos = new long[16];

        TridentTranslator(ModelContract contract, OnnxMl.ModelProto proto) {
            preprocessor = new Preprocessor(contract.input());
            input = preprocessor.buffer().asFloatBuffer();
            shape = new Shape(preprocessor.shape());
            inputName = contract.input().name();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (OnnxMl.ValueInfoProto vi : proto.getGraph().getOutputList()) {
                modelOutputs.add(vi.getName());
                List<OnnxMl.TensorShapeProto.Dimension> dims = vi.getType().getTensorType().getShape().getDimList();
                long[] s = new long[dims.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : -1;
                    if (s[i] < 0) {
                        preprocessor.close();
                        throw new SkipMode("output '" + vi.getName() + "' has a dynamic shape; the djl mode needs static outputs");
                    }
                }
                shapes.put(vi.getName(), s);
            }
            decoders = new HeadDecoders(contract, shapes);
        }

        @Override
        public NDList processInput(TranslatorContext ctx, Mat image) {
            long t0 = System.nanoTime();
            transform = preprocessor.run(image);
            input.rewind();
            NDArray array = ctx.getNDManager().create(input, shape, DataType.FLOAT32);
            array.setName(inputName);
            stageNanos[0] = System.nanoTime() - t0;
            return new NDList(array);
        }

        @Override
        public PerceptionResult processOutput(TranslatorContext ctx, NDList list) {
            // the copy out of DJL's NDArrays is engine overhead: process() counts it in inference
            for (int i = 0; i < list.size(); i++) {
                NDArray out = list.get(i);
                String name = out.getName() != null ? out.getName() : modelOutputs.get(i);
                FloatBuffer dst = decoders.buffer(name);
                if (dst == null) {
                    continue; // an output no head reads
                }
                ByteBuffer bytes = out.toByteBuffer().order(ByteOrder.nativeOrder());
                dst.put(0, bytes.asFloatBuffer(), 0, dst.capacity());
            }
            PerceptionResult r = decoders.begin(seq, arrival, transform);
            for (int h = 0; h < decoders.heads(); h++) {
                stageNanos[2 + h] = decoders.decode(h, transform);
            }
            return r;
        }

        @Override
        public Batchifier getBatchifier() {
            return null; // the input is already a [1,3,H,W] batch
        }

        void close() {
            preprocessor.close();
        }
    }
}
