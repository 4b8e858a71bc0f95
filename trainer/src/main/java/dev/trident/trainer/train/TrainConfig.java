package dev.trident.trainer.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trident.trainer.data.DatasetManifest;
import dev.trident.trainer.model.ModelConfig;
import dev.trident.trainer.weighting.WeightingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A training run's configuration, read from YAML ({@code trainer/configs/*.yaml}); relative paths
 * are resolved against the working directory. Every problem is one {@link TrainConfigException}
 * line naming the field and the fix. Immutable value; thread-safe.
 *
 * @param name      run name (also the output folder name under {@code out})
 * @param data      dataset folders
 * @param model     the network
 * @param train     optimisation settings
 * @param weighting task weighting
 * @param augment   training augmentation
 * @param loss      loss options
 * @param out       output root folder (run folder = out/name)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TrainConfig(String name, Data data, ModelConfig model, Train train, WeightingConfig weighting,
                          Augmentation augment, Loss loss, String out) {

    /** {@code train}: dataset used for training (split {@code trainSplit}); {@code eval}: held-out dataset (all splits). */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Data(String train, String trainSplit, String eval, Integer evalLimit) {
        public Data {
            if (train == null) {
                throw new IllegalArgumentException("data.train is missing; set it to a dataset folder (./trident gen-data --out DIR)");
            }
            trainSplit = trainSplit == null ? "train" : trainSplit;
            evalLimit = evalLimit == null ? 0 : evalLimit;
        }
    }

    /**
     * Optimisation: AdamW with linear warm-up then cosine decay to {@code minLrRatio}·lr; the global
     * gradient norm is clipped to {@code clipGradNorm} (0 = no clipping).
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Train(Integer epochs, Integer batchSize, Double lr, Double weightDecay, Integer warmupSteps,
                        Double minLrRatio, Long seed, Integer threads, Integer maxSteps, Integer stepsPerEpoch,
                        Double clipGradNorm) {
        public Train {
            epochs = epochs == null ? 20 : epochs;
            batchSize = batchSize == null ? 16 : batchSize;
            lr = lr == null ? 8e-3 : lr;
            weightDecay = weightDecay == null ? 1e-4 : weightDecay;
            warmupSteps = warmupSteps == null ? 200 : warmupSteps;
            minLrRatio = minLrRatio == null ? 0.02 : minLrRatio;
            seed = seed == null ? 42L : seed;
            threads = threads == null ? 0 : threads;
            maxSteps = maxSteps == null ? 0 : maxSteps;
            stepsPerEpoch = stepsPerEpoch == null ? 0 : stepsPerEpoch;
            clipGradNorm = clipGradNorm == null ? 0.0 : clipGradNorm;
            if (clipGradNorm < 0) {
                throw new IllegalArgumentException("train.clipGradNorm must be >= 0 (0 = no clipping), got " + clipGradNorm);
            }
            if (!(lr > 0)) {
                throw new IllegalArgumentException("train.lr must be > 0, got " + lr);
            }
            if (epochs <= 0 || batchSize <= 0) {
                throw new IllegalArgumentException("train.epochs and train.batchSize must be > 0, got "
                        + epochs + " and " + batchSize);
            }
            if (weightDecay < 0 || warmupSteps < 0 || minLrRatio < 0 || minLrRatio > 1 || threads < 0
                    || maxSteps < 0 || stepsPerEpoch < 0) {
                throw new IllegalArgumentException("train: weightDecay, warmupSteps, threads, maxSteps, stepsPerEpoch "
                        + "must be >= 0 and minLrRatio in [0, 1]");
            }
        }
    }

    /**
     * Loss options: depth = l1log | silog; CenterNet's size and offset weights (L1 at the centre
     * cells); the GIoU box-loss weight over the TTFNet regression cells (0 = CenterNet's L1 only).
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Loss(String depth, Double sizeWeight, Double offsetWeight, Double giouWeight) {
        public Loss {
            depth = depth == null ? "l1log" : depth;
            if (!depth.equals("l1log") && !depth.equals("silog")) {
                throw new IllegalArgumentException("loss.depth must be l1log or silog, got '" + depth + "'");
            }
            sizeWeight = sizeWeight == null ? 0.1 : sizeWeight;
            offsetWeight = offsetWeight == null ? 1.0 : offsetWeight;
            giouWeight = giouWeight == null ? 0.0 : giouWeight;
            if (sizeWeight < 0 || offsetWeight < 0 || giouWeight < 0) {
                throw new IllegalArgumentException("loss.sizeWeight, offsetWeight and giouWeight must be >= 0");
            }
        }
    }

    public TrainConfig {
        name = name == null ? "run" : name;
        if (data == null) {
            throw new IllegalArgumentException("data is missing; set data.train (and data.eval) to dataset folders");
        }
        model = model == null ? ModelConfig.defaults() : model;
        train = train == null ? new Train(null, null, null, null, null, null, null, null, null, null, null) : train;
        weighting = weighting == null ? WeightingConfig.of("equal") : weighting;
        augment = augment == null ? Augmentation.defaults() : augment;
        loss = loss == null ? new Loss(null, null, null, null) : loss;
        out = out == null ? "runs" : out;
    }

    public Path runDir() {
        return Path.of(out, name);
    }

    /** Reads and checks a config file (the data folders must hold datasets). */
    public static TrainConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TrainConfigException("config " + file + " does not exist; pass a YAML file, e.g. trainer/configs/default.yaml");
        }
        TrainConfig c;
        try {
            c = mapper().readValue(file.toFile(), TrainConfig.class);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            String where = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse("");
            String msg = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new TrainConfigException("config " + file + (where.isEmpty() ? "" : " at " + where) + ": "
                    + msg.replace('\n', ' '));
        } catch (IOException e) {
            throw new TrainConfigException("config " + file + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        c.checkData();
        return c;
    }

    /** Checks that the data folders exist and hold datasets. */
    public void checkData() {
        checkDataset("data.train", data.train());
        if (data.eval() != null) {
            checkDataset("data.eval", data.eval());
        }
    }

    private static void checkDataset(String field, String dir) {
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) {
            throw new TrainConfigException(field + ": data dir " + p.toAbsolutePath()
                    + " does not exist; make one with ./trident gen-data --out " + dir);
        }
        if (!Files.isRegularFile(p.resolve(DatasetManifest.FILE))) {
            throw new TrainConfigException(field + ": " + p.toAbsolutePath() + " has no " + DatasetManifest.FILE
                    + "; it is not a Trident dataset (see docs/dataset-format.md)");
        }
    }

    static ObjectMapper mapper() {
        return new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    }
}
