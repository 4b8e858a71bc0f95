package dev.trident.bench;

import dev.trident.runtime.Frame;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.config.HeadRate;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.engine.SubsetInfo;
import dev.trident.runtime.result.PerceptionResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;

/**
 * Modes {@code runtime} (every head every frame) and {@code runtime-rates} (depth heads every 2nd
 * frame, the other frames on the pruned subset): the full Trident pipeline, {@code Engine.process}
 * into a preallocated result, then publish.
 *
 * <p>Not thread-safe (see {@link Pipeline}).
 */
final class RuntimePipeline implements Pipeline {
    private final Engine engine;
    private final PerceptionResult result;
    private final Publisher publisher = new Publisher();
    private final List<String> stages = new ArrayList<>();
    private final String[] headNames;
    private final SetupTimes setup;
    private final List<String> notes = new ArrayList<>();

    RuntimePipeline(Path model, DeviceConfig config, boolean rates) {
        Map<String, HeadRate> headRates = new LinkedHashMap<>();
        if (rates) {
            ModelContract contract = Contracts.of(model);
            for (HeadSpec h : contract.heads()) {
                if (h.task() == Task.DEPTH) {
                    headRates.put(h.name(), new HeadRate(2, true));
                }
            }
            if (headRates.isEmpty()) {
                throw new SkipMode("the model has no depth head, so there is nothing to run at half rate");
            }
        }
        // rates through the config, so the engine creates and warms every subset session at open
        long t0 = System.nanoTime();
        this.engine = Engine.open(model, config.withHeads(headRates));
        long openNanos = System.nanoTime() - t0;
        this.result = engine.newResult();
        long create = 0;
        for (SubsetInfo s : engine.subsets()) {
            create += s.createNanos();
        }
        this.setup = new SetupTimes(create, engine.firstInferenceNanos());
        stages.add(Stages.PREPROCESS);
        stages.add(Stages.INFERENCE);
        headNames = engine.schedule().heads().toArray(String[]::new);
        for (String h : headNames) {
            stages.add(Stages.decode(h));
        }
        stages.add(Stages.PUBLISH);
        notes.add("Engine.open " + Stages.ms(openNanos) + " ms (contract, sessions for " + engine.subsets().size()
                + " head subset(s), " + config.warmupRuns() + " warm-up run(s) each)");
        if (rates) {
            notes.add("heads " + headRates.keySet() + " every 2nd frame; the other frames run the pruned subset without them");
        }
    }

    @Override
    public List<String> stages() {
        return stages;
    }

    @Override
    public void process(Mat image, long seq, long arrivalNanos, long[] stageNanos) {
        engine.process(new Frame(image, seq, arrivalNanos, 0L), result);
        int ran = result.headsRunMask();
        stageNanos[0] = result.preprocessNanos();
        stageNanos[1] = ran == 0 ? -1 : result.inferenceNanos();
        for (int h = 0; h < headNames.length; h++) {
            stageNanos[2 + h] = (ran & (1 << h)) != 0 ? result.decodeNanos(headNames[h]) : -1;
        }
        long p0 = System.nanoTime();
        publisher.publish(seq, result);
        stageNanos[2 + headNames.length] = System.nanoTime() - p0;
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
        engine.close();
    }
}
