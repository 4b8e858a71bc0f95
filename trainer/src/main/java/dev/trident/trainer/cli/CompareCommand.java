package dev.trident.trainer.cli;

import dev.trident.runtime.TridentException;
import dev.trident.trainer.metrics.MultiTaskGain;
import dev.trident.trainer.model.ModelComplexity;
import dev.trident.trainer.model.ModelConfig;
import dev.trident.trainer.train.EvalResult;
import dev.trident.trainer.train.TrainConfig;
import dev.trident.trainer.train.TrainConfigException;
import dev.trident.trainer.train.Trainer;
import dev.trident.trainer.weighting.WeightingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trident compare --config C --weightings equal,uncertainty,dwa,gradnorm --single-task}:
 * trains the config once per weighting (and, with {@code --single-task}, one single-head model per
 * task), then writes a Markdown table (rows: weighting / single-task; columns: task metrics, Δm
 * against the single-task baselines, GFLOPs, parameters, training time) with the command that
 * produced it. {@code --epochs}/{@code --steps-per-epoch} shorten every run. Not thread-safe.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Train with each task weighting (and single-task baselines) and write a Markdown comparison table.")
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", defaultValue = "trainer/configs/default.yaml", description = "base training config")
    Path config;

    @Option(names = "--weightings", split = ",", defaultValue = "equal,uncertainty,dwa,gradnorm",
            description = "weightings to compare")
    List<String> weightings;

    @Option(names = "--single-task", description = "also train one single-task model per head")
    boolean singleTask;

    @Option(names = "--epochs", description = "override train.epochs")
    Integer epochs;

    @Option(names = "--steps-per-epoch", description = "override train.stepsPerEpoch")
    Integer stepsPerEpoch;

    @Option(names = "--out", defaultValue = "docs/compare.md", description = "Markdown file to write")
    Path out;

    @Option(names = "--no-progress", description = "no progress bars")
    boolean noProgress;

    /** One row of the table. */
    record Row(String name, EvalResult r, double gflops, long params, double seconds, ModelConfig model) {
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            TrainConfig base = TrainConfig.load(config);
            for (String w : weightings) {
                if (!WeightingConfig.TYPES.contains(w)) {
                    throw new TrainConfigException("--weightings: unknown weighting '" + w + "'; use " + WeightingConfig.TYPES);
                }
            }
            List<Row> multi = new ArrayList<>();
            for (String w : weightings) {
                TrainConfig c = variant(base, base.model(), new WeightingConfig(w, base.weighting().weights(),
                        base.weighting().dwaTemperature(), base.weighting().gradnormAlpha(), base.weighting().gradnormLr()),
                        base.name() + "-" + w);
                multi.add(train(c, w));
            }
            List<Row> single = new ArrayList<>();
            if (singleTask) {
                for (String h : base.model().heads()) {
                    TrainConfig c = variant(base, base.model().withHeads(List.of(h)), WeightingConfig.of("equal"),
                            base.name() + "-single-" + h);
                    single.add(train(c, "single-task " + h));
                }
            }
            String md = table(base, multi, single, commandLine());
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, md);
            System.out.print(md);
            System.out.println("wrote " + out);
            return 0;
        } catch (TrainConfigException | IllegalArgumentException | TridentException e) {
            err.println("trident compare: " + e.getMessage());
            err.flush();
            return TrainCommand.EXIT_BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            err.println("trident compare: failed: " + e);
            err.flush();
            return 1;
        }
    }

    private TrainConfig variant(TrainConfig base, ModelConfig model, WeightingConfig w, String name) {
        TrainConfig.Train t = base.train();
        TrainConfig.Train t2 = new TrainConfig.Train(epochs != null ? epochs : t.epochs(), t.batchSize(), t.lr(),
                t.weightDecay(), t.warmupSteps(), t.minLrRatio(), t.seed(), t.threads(), t.maxSteps(),
                stepsPerEpoch != null ? stepsPerEpoch : t.stepsPerEpoch(), t.clipGradNorm());
        return new TrainConfig(name, base.data(), model, t2, w, base.augment(), base.loss(), base.out());
    }

    private Row train(TrainConfig c, String label) {
        System.out.println("== " + label + " (" + c.name() + ")");
        Trainer.Result r = new Trainer(c, System.out, !noProgress).run(null);
        ModelConfig full = c.model().withInput(640, 384);
        return new Row(label, r.last(), ModelComplexity.gflops(full), ModelComplexity.parameters(c.model()), r.seconds(), c.model());
    }

    private String commandLine() {
        StringBuilder b = new StringBuilder("./trident compare --config ").append(config)
                .append(" --weightings ").append(String.join(",", weightings));
        if (singleTask) {
            b.append(" --single-task");
        }
        if (epochs != null) {
            b.append(" --epochs ").append(epochs);
        }
        if (stepsPerEpoch != null) {
            b.append(" --steps-per-epoch ").append(stepsPerEpoch);
        }
        return b.append(" --out ").append(out).toString();
    }

    /** The Markdown table. Δm uses det mAP@.5, mAP@[.5:.95], mIoU, AbsRel↓, RMSE↓, δ1 against the single-task rows. */
    static String table(TrainConfig base, List<Row> multi, List<Row> single, String command) {
        Map<String, Double> baseline = new LinkedHashMap<>();
        for (Row s : single) {
            s.r().headline().forEach((k, v) -> {
                if (!Double.isNaN(v)) {
                    baseline.put(k, v);
                }
            });
        }
        StringBuilder b = new StringBuilder();
        b.append("# Task weighting comparison\n\n");
        b.append("Produced by:\n\n```\n").append(command).append("\n```\n\n");
        TrainConfig.Train t = multi.isEmpty() ? base.train() : null;
        Row any = !multi.isEmpty() ? multi.get(0) : single.isEmpty() ? null : single.get(0);
        b.append(String.format(Locale.ROOT, "Base config `%s`: model `%s` (%s blocks), input %dx%d, train data `%s`, held-out `%s`.%n",
                base.name(), base.model().size(), base.model().block(), base.model().inputWidth(), base.model().inputHeight(),
                base.data().train(), base.data().eval()));
        b.append("GFLOPs at 640x384 (1 FLOP = 1 multiply-add), params in millions; time = training wall-clock on this machine.\n");
        b.append("Δm: mean relative difference to the single-task baselines over the six metrics (a metric whose baseline is 0 is left out), sign-corrected (↓ metrics negated), in %.\n\n");
        b.append("| model | det mAP@.5 | det mAP@[.5:.95] | seg mIoU | depth AbsRel ↓ | depth RMSE (m) ↓ | depth δ<1.25 | Δm (%) | GFLOPs | params (M) | time (min) |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : multi) {
            b.append(row(r, baseline.isEmpty() ? Double.NaN : deltaM(r.r(), baseline)));
        }
        double gf = 0;
        long params = 0;
        double secs = 0;
        for (Row r : single) {
            b.append(row(r, 0.0));
            gf += r.gflops();
            params += r.params();
            secs += r.seconds();
        }
        if (single.size() > 1) {
            b.append(String.format(Locale.ROOT, "| single-task, all %d together | | | | | | | | %.3f | %.3f | %.1f |%n",
                    single.size(), gf, params / 1e6, secs / 60));
        }
        if (any != null) {
            b.append("\n");
        }
        return b.toString();
    }

    private static double deltaM(EvalResult r, Map<String, Double> baseline) {
        Map<String, MultiTaskGain.Metric> m = new LinkedHashMap<>();
        r.headline().forEach((k, v) -> m.put(k, new MultiTaskGain.Metric(v, k.equals("depth_absrel") || k.equals("depth_rmse"))));
        return MultiTaskGain.deltaM(m, baseline);
    }

    private static String row(Row r, double dm) {
        EvalResult e = r.r();
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %.3f | %.3f | %.1f |%n", r.name(),
                f(e.map50(), 3), f(e.map5095(), 3), f(e.miou(), 3), f(e.absRel(), 3), f(e.rmse(), 2), f(e.delta1(), 3),
                Double.isNaN(dm) ? "—" : String.format(Locale.ROOT, "%+.2f", dm), r.gflops(), r.params() / 1e6, r.seconds() / 60);
    }

    private static String f(double v, int digits) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
