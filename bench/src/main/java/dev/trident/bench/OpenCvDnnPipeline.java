package dev.trident.bench;

import ai.onnx.proto.OnnxMl;
import dev.trident.runtime.contract.InputSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.ResizeMode;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.onnx.OnnxModelFile;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.PerceptionResult;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Image2BlobParams;
import org.opencv.dnn.Net;
import org.opencv.imgproc.Imgproc;

/**
 * Mode {@code opencv-dnn}: OpenCV's DNN module ({@code Dnn.readNetFromONNX}, its own CPU backend)
 * on the same ONNX file, with the preprocessing an OpenCV user writes: letterbox resize into a
 * padded image, then {@code blobFromImageWithParams} (scale, mean, channel swap) into a reused blob
 * — the Java binding of OpenCV 4.9 cannot select the blob function's own letterbox mode. Outputs
 * are copied out of the forward Mats and decoded by Trident's decoders.
 *
 * <p>Not thread-safe (see {@link Pipeline}).
 */
final class OpenCvDnnPipeline implements Pipeline {
    private final Net net;
    private final List<String> outputNames;
    private final String inputName;
    private final HeadDecoders decoders;
    private final InputSpec spec;
    private final Mat padded;
    private final Mat blob = new Mat();
    private final Image2BlobParams params;
    private final Scalar padColour;
    private final List<Mat> outs = new ArrayList<>();
    private final float[][] scratch;
    private final int[][] origin;
    private final Publisher publisher = new Publisher();
    private final List<String> stages = new ArrayList<>();
    private final SetupTimes setup;
    private final List<String> notes = new ArrayList<>();
    private Mat content;
    private final Size contentSize = new Size();
    private InputTransform transform;
    private int lastW = -1;
    private int lastH = -1;

    OpenCvDnnPipeline(Path model, dev.trident.runtime.config.DeviceConfig config, Mat firstFrame) {
        OpenCvNatives.load();
        if (config.threads().intraOp() > 0) {
            Core.setNumThreads(config.threads().intraOp()); // same thread count as ORT's intra-op pool
        }
        ModelContract contract = Contracts.of(model);
        OnnxMl.ModelProto proto = OnnxModelFile.read(model).proto();
        spec = contract.input();
        inputName = spec.name();
        long t0 = System.nanoTime();
        try {
            net = Dnn.readNetFromONNX(model.toString());
        } catch (RuntimeException e) {
            throw new SkipMode("OpenCV " + Core.VERSION + " DNN cannot import the model: " + firstLine(e.getMessage()), e);
        }
        if (net.empty()) {
            throw new SkipMode("OpenCV " + Core.VERSION + " DNN imported an empty network from " + model.getFileName());
        }
        long created = System.nanoTime() - t0;
        net.setPreferableBackend(Dnn.DNN_BACKEND_OPENCV);
        net.setPreferableTarget(Dnn.DNN_TARGET_CPU);

        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (OnnxMl.ValueInfoProto vi : proto.getGraph().getOutputList()) {
            List<OnnxMl.TensorShapeProto.Dimension> dims = vi.getType().getTensorType().getShape().getDimList();
            long[] s = new long[dims.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : -1;
            }
            shapes.put(vi.getName(), s);
        }
        decoders = new HeadDecoders(contract, shapes);
        outputNames = new ArrayList<>();
        decoders.outputs().forEach(outputNames::add);
        scratch = new float[outputNames.size()][];
        origin = new int[outputNames.size()][];
        for (int i = 0; i < outputNames.size(); i++) {
            scratch[i] = new float[decoders.buffer(outputNames.get(i)).capacity()];
            origin[i] = new int[shapes.get(outputNames.get(i)).length];
        }

        int pad = spec.resize().padValue();
        padColour = new Scalar(pad, pad, pad);
        padded = new Mat(spec.height(), spec.width(), CvType.CV_8UC3, padColour);
        boolean rgb = spec.colorOrder() == dev.trident.runtime.contract.ColorOrder.RGB;
        // blob = (pixel − mean) · scale per model plane, matching Trident's pixel·alpha + beta
        double[] scale = new double[3];
        double[] mean = new double[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = spec.alpha(c);
            mean[c] = -spec.beta(c) / spec.alpha(c);
        }
        params = new Image2BlobParams(new Scalar(scale), new Size(spec.width(), spec.height()), new Scalar(mean), rgb, CvType.CV_32F);

        long f0 = System.nanoTime();
        try {
            long[] ignored = new long[decoders.heads() + 3];
            java.util.Arrays.fill(ignored, -1);
            process(firstFrame, 0, System.nanoTime(), ignored);
        } catch (RuntimeException e) {
            close();
            throw new SkipMode("OpenCV " + Core.VERSION + " DNN cannot run the model: " + firstLine(e.getMessage()), e);
        }
        setup = new SetupTimes(created, System.nanoTime() - f0);
        stages.add(Stages.PREPROCESS);
        stages.add(Stages.INFERENCE);
        for (var h : contract.heads()) {
            stages.add(Stages.decode(h.name()));
        }
        stages.add(Stages.PUBLISH);
        notes.add("OpenCV " + Core.VERSION + " DNN, OpenCV backend on the CPU with " + Core.getNumThreads() + " threads; preprocessing "
                + "= letterbox resize + blobFromImageWithParams; output copies counted in inference");
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "no message";
        }
        int nl = m.indexOf('\n');
        return (nl > 0 ? m.substring(0, nl) : m).trim();
    }

    @Override
    public List<String> stages() {
        return stages;
    }

    @Override
    public void process(Mat image, long seq, long arrivalNanos, long[] stageNanos) {
        long t0 = System.nanoTime();
        InputTransform t = letterbox(image);
        Dnn.blobFromImageWithParams(padded, blob, params);
        long t1 = System.nanoTime();
        net.setInput(blob, inputName);
        outs.clear();
        net.forward(outs, outputNames);
        try {
            for (int i = 0; i < outputNames.size(); i++) {
                Mat m = outs.get(i);
                float[] s = scratch[i];
                if (m.total() != s.length) {
                    throw new IllegalStateException("OpenCV DNN output '" + outputNames.get(i) + "' has " + m.total()
                            + " values, the model declares " + s.length);
                }
                m.get(origin[i], s);
                FloatBuffer dst = decoders.buffer(outputNames.get(i));
                dst.put(0, s);
            }
        } finally {
            for (Mat m : outs) {
                m.release();
            }
        }
        long t2 = System.nanoTime();
        stageNanos[0] = t1 - t0;
        stageNanos[1] = t2 - t1;
        PerceptionResult r = decoders.begin(seq, arrivalNanos, t);
        for (int h = 0; h < decoders.heads(); h++) {
            stageNanos[2 + h] = decoders.decode(h, t);
        }
        long p0 = System.nanoTime();
        publisher.publish(seq, r);
        stageNanos[2 + decoders.heads()] = System.nanoTime() - p0;
    }

    /** Resizes the frame into the padded input image (letterbox or stretch per the contract). */
    private InputTransform letterbox(Mat image) {
        if (image.cols() != lastW || image.rows() != lastH) {
            boolean box = spec.resize().mode() == ResizeMode.LETTERBOX;
            transform = box ? InputTransform.letterbox(image.cols(), image.rows(), spec.width(), spec.height())
                    : InputTransform.stretch(image.cols(), image.rows(), spec.width(), spec.height());
            if (content != null && content != padded) {
                content.release();
            }
            padded.setTo(padColour);
            int w = box ? transform.contentWidth() : spec.width();
            int h = box ? transform.contentHeight() : spec.height();
            content = w == spec.width() && h == spec.height() ? padded
                    : padded.submat(transform.padY(), transform.padY() + h, transform.padX(), transform.padX() + w);
            contentSize.width = w;
            contentSize.height = h;
            lastW = image.cols();
            lastH = image.rows();
        }
        Imgproc.resize(image, content, contentSize, 0, 0, Imgproc.INTER_LINEAR);
        return transform;
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
        if (content != null && content != padded) {
            content.release();
        }
        padded.release();
        blob.release();
    }
}
