package dev.trident.trainer.cli;

import dev.trident.runtime.TridentException;
import dev.trident.trainer.train.TrainConfig;
import dev.trident.trainer.train.TrainConfigException;
import dev.trident.trainer.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trident train --config C [--resume DIR]}: trains the multi-task network as configured.
 * Bad input (unknown head, negative LR, missing data dir, unreadable checkpoint) is one line and
 * exit code 2. Not thread-safe; one invocation per process.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train the multi-task network from a YAML config (trainer/configs/).")
public final class TrainCommand implements Callable<Integer> {
    static final int EXIT_BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "training config YAML")
    Path config;

    @Option(names = "--resume", description = "checkpoint folder to resume from (RUN/last)")
    Path resume;

    @Option(names = "--no-progress", description = "no progress bar (logs one line per epoch)")
    boolean noProgress;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            TrainConfig c = TrainConfig.load(config);
            Trainer.Result r = new Trainer(c, System.out, !noProgress).run(resume);
            System.out.printf("trained %s: %d steps in %.0f s; checkpoint %s%n", c.name(), r.steps(), r.seconds(),
                    r.runDir().resolve("last"));
            if (r.last() != null) {
                System.out.println("held-out: " + r.last().summary());
            }
            return 0;
        } catch (TrainConfigException | IllegalArgumentException | TridentException e) {
            err.println("trident train: " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("trident train: failed: " + e + " (please report this with the config)");
            err.flush();
            return 1;
        }
    }
}
