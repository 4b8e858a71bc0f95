package dev.trident.bench;

import dev.trident.runtime.Frame;
import dev.trident.runtime.config.DeviceConfig;
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
 * Mode {@code single-task}: one model per task, each in its own Trident engine, run one after
 * another on every frame — no shared backbone, no shared preprocessing (as independently exported
 * models would run). Stage times are summed over the models; each head's decode is its own stage.
 *
 * <p>Not thread-safe (see {@link Pipeline}).
 */
final class SingleTaskPipeline implements Pipeline {
    private final List<Engine> engines = new ArrayList<>();
    private final List<PerceptionResult> results = new ArrayList<>();
    private final Publisher publisher = new Publisher();
    private final List<String> stages = new ArrayList<>();
    /** Per engine, per head of that engine: the stage index of its decode. */
    private final int[][] decodeStage;
    private final String[][] headNames;
    private final SetupTimes setup;
    private final List<String> notes = new ArrayList<>();

    SingleTaskPipeline(List<Path> models, DeviceConfig config, String origin) {
        Map<String, Integer> stageIndex = new LinkedHashMap<>();
        stageIndex.put(Stages.PREPROCESS, 0);
        stageIndex.put(Stages.INFERENCE, 1);
        long create = 0;
        long first = 0;
        try {
            for (Path m : models) {
                Engine e = Engine.open(m, config.withHeads(Map.of()));
                engines.add(e);
                results.add(e.newResult());
                for (SubsetInfo s : e.subsets()) {
                    create += s.createNanos();
                }
                first += Math.max(0, e.firstInferenceNanos());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        decodeStage = new int[engines.size()][];
        headNames = new String[engines.size()][];
        for (int i = 0; i < engines.size(); i++) {
            List<String> heads = engines.get(i).schedule().heads();
            headNames[i] = heads.toArray(String[]::new);
            decodeStage[i] = new int[heads.size()];
            for (int h = 0; h < heads.size(); h++) {
                String stage = Stages.decode(heads.get(h));
                Integer idx = stageIndex.get(stage);
                if (idx == null) {
                    idx = stageIndex.size();
                    stageIndex.put(stage, idx);
                }
                decodeStage[i][h] = idx;
            }
            notes.add("single-task model " + models.get(i).getFileName() + ": heads " + heads + ", "
                    + engines.get(i).subsets().get(0).nodeCount() + " nodes");
        }
        stageIndex.put(Stages.PUBLISH, stageIndex.size());
        stages.addAll(stageIndex.keySet());
        setup = new SetupTimes(create, first);
        notes.add(origin);
    }

    @Override
    public List<String> stages() {
        return stages;
    }

    @Override
    public void process(Mat image, long seq, long arrivalNanos, long[] stageNanos) {
        long pre = 0;
        long inf = 0;
        for (int i = 0; i < engines.size(); i++) {
            PerceptionResult r = results.get(i);
            engines.get(i).process(new Frame(image, seq, arrivalNanos, 0L), r);
            pre += r.preprocessNanos();
            inf += r.inferenceNanos();
            for (int h = 0; h < headNames[i].length; h++) {
                int k = decodeStage[i][h];
                long d = r.decodeNanos(headNames[i][h]);
                stageNanos[k] = stageNanos[k] < 0 ? d : stageNanos[k] + d;
            }
        }
        stageNanos[0] = pre;
        stageNanos[1] = inf;
        long p0 = System.nanoTime();
        for (int i = 0; i < results.size(); i++) {
            publisher.publish(seq, results.get(i));
        }
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
        engines.forEach(Engine::close);
    }
}
