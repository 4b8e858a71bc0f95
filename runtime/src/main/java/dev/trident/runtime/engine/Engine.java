package dev.trident.runtime.engine;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.trident.calibration.CameraModel;
import dev.trident.runtime.Frame;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.config.ExecutionProvider;
import dev.trident.runtime.contract.ContractSource;
import dev.trident.runtime.contract.ContractValidator;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.TensorSignature;
import dev.trident.runtime.decode.DepthDecoder;
import dev.trident.runtime.decode.DetectionDecoder;
import dev.trident.runtime.decode.SegmentationDecoder;
import dev.trident.runtime.decode.TensorView;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.onnx.GraphPruner;
import dev.trident.runtime.onnx.OnnxModelFile;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.preprocess.Preprocessor;
import dev.trident.runtime.result.DepthMap;
import dev.trident.runtime.result.PerceptionResult;
import dev.trident.runtime.result.SegmentationMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a self-describing multi-head perception model on camera frames:
 * preprocess → one ORT run of the heads due on this frame (backbone once) → each head's decoder.
 *
 * <p>Heads may run at different rates ({@link #schedule()}). ONNX Runtime computes the whole graph
 * whatever outputs are asked for, so the engine keeps one session per head subset, each over the
 * model pruned to the ancestors of that subset's outputs, created at open for the subsets the
 * configured rates produce and lazily for any other.
 *
 * <p>Threading: one inference thread calls {@link #process} (not thread-safe); {@link #schedule()}
 * may be changed from any thread; {@link #close()} after the last {@code process} returns.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final OrtEnvironment env;
    private final Path modelPath;
    private final ModelContract contract;
    private final String contractOrigin;
    private final DeviceConfig config;
    private final SessionFactory factory;
    private final OnnxMl.ModelProto sessionModel;
    private final byte[] sessionModelBytes;
    private final Preprocessor preprocessor;
    private final OnnxTensor input;
    private final HeadSchedule schedule;
    private final DetectionDecoder[] detectionDecoders;
    private final SegmentationDecoder[] segmentationDecoders;
    private final DepthDecoder[] depthDecoders;
    private final int fullMask;
    private final SubsetSession[] byMask;
    private final Map<Integer, SubsetSession> byMaskLarge = new HashMap<>();
    private final Map<Integer, SubsetInfo> subsetInfo = new LinkedHashMap<>();
    private final Map<String, TensorSignature> modelInputs;
    private final Map<String, TensorSignature> modelOutputs;
    private final long firstInferenceNanos;
    private final CameraGeometry camera;
    private Mat lastModelFrame;
    private long frameIndex;
    private boolean closed;

    private Engine(Path modelPath, DeviceConfig config, CameraModel cameraModel) {
        OpenCvNatives.load();
        this.env = OrtEnvironments.get(config.threads());
        this.modelPath = modelPath;
        this.config = config;
        OnnxModelFile model = OnnxModelFile.read(modelPath);
        ContractSource.Found found = ContractSource.find(model);
        this.contract = found.contract();
        this.contractOrigin = found.origin();
        this.camera = cameraModel == null ? null : new CameraGeometry(cameraModel, contract);
        this.factory = new SessionFactory(env, config);

        OnnxModelFile runModel = model;
        if (config.fp16Model() != null) {
            if (factory.gpu()) {
                runModel = OnnxModelFile.read(Path.of(config.fp16Model()));
                LOG.info("using the FP16 model {} on {}", config.fp16Model(), factory.activeProviders().get(0).json());
            } else {
                LOG.info("fp16Model {} ignored: FP16 is slower than FP32 on the CPU provider", config.fp16Model());
            }
        }
        this.sessionModel = runModel.proto();
        this.sessionModelBytes = runModel.bytes();

        int heads = contract.heads().size();
        this.fullMask = (1 << heads) - 1;
        this.byMask = heads <= 12 ? new SubsetSession[1 << heads] : null;
        this.detectionDecoders = new DetectionDecoder[heads];
        this.segmentationDecoders = new SegmentationDecoder[heads];
        this.depthDecoders = new DepthDecoder[heads];

        Preprocessor pre = null;
        OnnxTensor in = null;
        try {
            pre = new Preprocessor(contract.input());
            in = OnnxTensor.createTensor(env, pre.buffer().asFloatBuffer(), pre.shape());
            this.preprocessor = pre;
            this.input = in;

            // the full model first: its real signature validates the contract
            long t0 = System.nanoTime();
            OrtSession full = factory.create(sessionModelBytes, cachePath(fullMask));
            Map<String, TensorSignature> ins;
            Map<String, TensorSignature> outs;
            try {
                ins = signatures(full.getInputInfo());
                outs = signatures(full.getOutputInfo());
                ContractValidator.validate(contract, ins, outs, contractOrigin);
            } catch (RuntimeException | OrtException e) {
                full.close();
                throw e;
            }
            this.modelInputs = ins;
            this.modelOutputs = outs;
            register(new SubsetSession(env, full, contract, fullMask, sessionModel.getGraph().getNodeCount(),
                    parameters(sessionModel), in), System.nanoTime() - t0);

            for (int h = 0; h < heads; h++) {
                HeadSpec head = contract.heads().get(h);
                switch (head.task()) {
                    case DETECTION -> detectionDecoders[h] = DetectionDecoder.forHead(head);
                    case SEGMENTATION -> segmentationDecoders[h] = new SegmentationDecoder(head);
                    case DEPTH -> depthDecoders[h] = new DepthDecoder(head);
                }
            }
            this.schedule = new HeadSchedule(contract, config.heads());
            long firstRun = -1;
            for (int mask : schedule.masksInCycle()) {
                SubsetSession s = session(mask);
                for (int i = 0; i < config.warmupRuns(); i++) {
                    long w0 = System.nanoTime();
                    s.run();
                    if (firstRun < 0) {
                        firstRun = System.nanoTime() - w0;
                    }
                }
            }
            this.firstInferenceNanos = firstRun;
        } catch (OrtException e) {
            closeQuietly(in, pre);
            closeSessions();
            throw new TridentException("model " + modelPath + " failed its warm-up run: " + SessionFactory.firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            closeQuietly(in, pre);
            closeSessions();
            throw e;
        }
        LOG.info("engine ready: model {} ({} heads, contract from {}), providers {}", contract.name(), heads, contractOrigin,
                factory.activeProviders().stream().map(ExecutionProvider::json).toList());
    }

    /**
     * Opens a model: reads its contract (sidecar or embedded), creates sessions with the device
     * config's providers (falling back as needed), validates the contract against the model and
     * warms up. Every failure is a {@link TridentException} with one line naming the problem.
     */
    public static Engine open(Path model, DeviceConfig config) {
        return new Engine(model, config, null);
    }

    /**
     * Opens a model for a calibrated camera. On top of {@link #open(Path, DeviceConfig)}: frames
     * from a distorting lens are undistorted before the model sees them (maps built once per frame
     * size; results are then in undistorted-frame pixels, see {@link #lastModelFrame()}); metric
     * depth is rescaled by the camera's effective focal length at the model input over the
     * contract's training focal length; and, when the calibration has extrinsics, every detection
     * gets a distance and a vehicle-frame position ({@code PerceptionResult.locations}).
     *
     * @param camera the camera's calibration at any resolution of the frames' aspect ratio, or null
     */
    public static Engine open(Path model, DeviceConfig config, CameraModel camera) {
        return new Engine(model, config, camera);
    }

    /** A result sized for this model, to be refilled by {@link #process(Frame, PerceptionResult)}. */
    public PerceptionResult newResult() {
        return new PerceptionResult(contract);
    }

    /** Processes a frame into a new result (allocates; the daemon reuses results instead). */
    public PerceptionResult process(Frame frame) {
        PerceptionResult r = newResult();
        process(frame, r);
        return r;
    }

    /**
     * Processes one frame into {@code into}. A bad frame (empty, 0×0, wrong type) throws a
     * {@link TridentException} and leaves the engine ready for the next frame; non-finite model
     * outputs are flagged in the result, never thrown.
     */
    public void process(Frame frame, PerceptionResult into) {
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
        if (frame == null || frame.image() == null) {
            throw new TridentException("frame has no image; pass an 8-bit BGR Mat");
        }
        long t0 = System.nanoTime();
        Mat image = camera == null || frame.image().empty() ? frame.image() : camera.prepare(frame.image());
        InputTransform transform = preprocessor.run(image);
        lastModelFrame = image;
        long t1 = System.nanoTime();
        into.begin(frame.seq(), frame.captureNanos(), frame.captureEpochMillis());
        into.setTransform(transform);
        into.setPreprocessNanos(t1 - t0);

        int mask = schedule.dueMask(frameIndex++);
        if (mask == 0) {
            return;
        }
        SubsetSession s = session(mask);
        try {
            s.run();
        } catch (OrtException e) {
            throw new TridentException("inference failed on frame " + frame.seq() + ": " + SessionFactory.firstLine(e.getMessage()));
        }
        long t2 = System.nanoTime();
        into.setInferenceNanos(t2 - t1);
        for (int h = 0; h < detectionDecoders.length; h++) {
            if ((mask & (1 << h)) == 0) {
                continue;
            }
            long d0 = System.nanoTime();
            int bad = decode(h, s, transform, into);
            into.headDone(h, System.nanoTime() - d0, bad);
        }
        if (camera != null && camera.locates()) {
            locate(mask, into);
        }
    }

    /** Places every detection of the heads that ran, using the first depth head that ran (if any). */
    private void locate(int mask, PerceptionResult into) {
        DepthMap depth = null;
        for (int h = 0; h < depthDecoders.length && depth == null; h++) {
            if (depthDecoders[h] != null && (mask & (1 << h)) != 0) {
                depth = into.depthSlot(h);
            }
        }
        for (int h = 0; h < detectionDecoders.length; h++) {
            if (detectionDecoders[h] != null && (mask & (1 << h)) != 0) {
                camera.locate(into.detectionSlot(h), depth, into.locationSlot(h));
            }
        }
    }

    private int decode(int h, SubsetSession s, InputTransform transform, PerceptionResult into) {
        HeadSpec head = contract.heads().get(h);
        Map<String, TensorView> roles = s.roles(h);
        switch (head.task()) {
            case DETECTION:
                return detectionDecoders[h].decode(roles, transform, into.detectionSlot(h));
            case SEGMENTATION: {
                TensorView mask = roles.get("mask");
                SegmentationMap map = into.segmentationSlot(h);
                if (map == null) {
                    map = segmentationDecoders[h].newMap(mask.dim(-1), mask.dim(-2));
                    into.attachSegmentation(h, map);
                }
                return segmentationDecoders[h].decode(mask, transform, map);
            }
            case DEPTH: {
                TensorView depth = roles.get("depth");
                DepthMap map = into.depthSlot(h);
                if (map == null) {
                    map = depthDecoders[h].newMap(depth.dim(-1), depth.dim(-2));
                    into.attachDepth(h, map);
                }
                int bad = depthDecoders[h].decode(depth, transform, map);
                if (camera != null) {
                    camera.rescale(map, transform);
                }
                return bad;
            }
            default:
                throw new IllegalStateException("unknown task " + head.task());
        }
    }

    private SubsetSession session(int mask) {
        SubsetSession s = byMask != null ? byMask[mask] : byMaskLarge.get(mask);
        if (s != null) {
            return s;
        }
        long t0 = System.nanoTime();
        OnnxMl.ModelProto pruned = GraphPruner.prune(sessionModel, SubsetSession.outputsOf(contract, mask));
        OrtSession session = factory.create(pruned.toByteArray(), cachePath(mask));
        s = new SubsetSession(env, session, contract, mask, pruned.getGraph().getNodeCount(), parameters(pruned), input);
        register(s, System.nanoTime() - t0);
        LOG.debug("session for heads {} created: {} nodes", headNames(mask), s.nodeCount);
        return s;
    }

    private void register(SubsetSession s, long createNanos) {
        if (byMask != null) {
            byMask[s.mask] = s;
        } else {
            byMaskLarge.put(s.mask, s);
        }
        subsetInfo.put(s.mask, new SubsetInfo(headNames(s.mask), s.nodeCount, s.parameterCount, createNanos));
    }

    private Path cachePath(int mask) {
        if (config.optimizedModelCache() == null) {
            return null;
        }
        String base = config.optimizedModelCache();
        return Path.of(mask == fullMask ? base : base.replaceFirst("(\\.onnx)?$", ".heads-" + Integer.toHexString(mask) + ".onnx"));
    }

    private List<String> headNames(int mask) {
        List<String> names = new ArrayList<>();
        for (int h = 0; h < contract.heads().size(); h++) {
            if ((mask & (1 << h)) != 0) {
                names.add(contract.heads().get(h).name());
            }
        }
        return List.copyOf(names);
    }

    private static long parameters(OnnxMl.ModelProto m) {
        long n = 0;
        for (OnnxMl.TensorProto t : m.getGraph().getInitializerList()) {
            long e = 1;
            for (long d : t.getDimsList()) {
                e *= d;
            }
            n += e;
        }
        return n;
    }

    private static Map<String, TensorSignature> signatures(Map<String, NodeInfo> info) {
        Map<String, TensorSignature> out = new LinkedHashMap<>();
        info.forEach((name, ni) -> out.put(name, new TensorSignature(name,
                ni.getInfo() instanceof TensorInfo ti ? ti.getShape() : new long[0])));
        return out;
    }

    /** Which heads run on which frame; adjustable at runtime from any thread. */
    public HeadSchedule schedule() {
        return schedule;
    }

    public ModelContract contract() {
        return contract;
    }

    /** Where the contract came from: "embedded metadata" or "sidecar PATH". */
    public String contractOrigin() {
        return contractOrigin;
    }

    public Path modelPath() {
        return modelPath;
    }

    /** Execution providers in use after fallbacks, highest priority first (ends with cpu). */
    public List<ExecutionProvider> activeProviders() {
        return factory.activeProviders();
    }

    /** One line per provider fallback that happened at open. */
    public List<String> providerNotes() {
        return factory.notes();
    }

    /** The model's inputs as ONNX Runtime reports them. */
    public Map<String, TensorSignature> modelInputs() {
        return modelInputs;
    }

    /** The model's outputs as ONNX Runtime reports them. */
    public Map<String, TensorSignature> modelOutputs() {
        return modelOutputs;
    }

    /** The head subsets that have a session so far, full model first. */
    public List<SubsetInfo> subsets() {
        return List.copyOf(subsetInfo.values());
    }

    /** The subset computing exactly these heads, if the engine has created its session. */
    public java.util.Optional<SubsetInfo> subset(List<String> heads) {
        int mask = 0;
        for (String h : heads) {
            int i = contract.headIndex(h);
            if (i < 0) {
                throw new IllegalArgumentException("the model has no head '" + h + "'");
            }
            mask |= 1 << i;
        }
        return java.util.Optional.ofNullable(subsetInfo.get(mask));
    }

    /**
     * The image the model saw on the last processed frame: the frame itself, or its undistorted
     * copy when the engine undistorts (owned by the engine, valid until the next {@code process}).
     * Draw results on this image: their coordinates refer to it.
     */
    public Mat lastModelFrame() {
        return lastModelFrame;
    }

    /** Depth rescale factor applied on the last frame (1 without a calibrated camera or a contract camera). */
    public double depthScale() {
        return camera == null ? 1.0 : camera.depthScale();
    }

    /** Duration of the first warm-up inference, nanoseconds (−1 without warm-up). */
    public long firstInferenceNanos() {
        return firstInferenceNanos;
    }

    /** Frames processed so far (the schedule's frame index). */
    public long framesProcessed() {
        return frameIndex;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeSessions();
        closeQuietly(input, preprocessor);
        if (camera != null) {
            camera.close();
        }
    }

    private void closeSessions() {
        if (byMask != null) {
            for (int i = 0; i < byMask.length; i++) {
                if (byMask[i] != null) {
                    byMask[i].close();
                    byMask[i] = null;
                }
            }
        }
        byMaskLarge.values().forEach(SubsetSession::close);
        byMaskLarge.clear();
    }

    private static void closeQuietly(OnnxTensor in, Preprocessor pre) {
        if (in != null) {
            in.close();
        }
        if (pre != null) {
            pre.close();
        }
    }
}
