package dev.trident.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer's command line, {@code trident <command>} for the commands that need the trainer
 * (the launcher script routes them here). Each subcommand is a picocli command class.
 *
 * <p>Not thread-safe; one invocation per process.
 */
@Command(name = "trident", mixinStandardHelpOptions = true, version = "trident 0.1.0",
        description = "Trident trainer commands: synthetic data, training, evaluation, weighting comparison.",
        subcommands = {GenDataCommand.class, TrainCommand.class, EvalCommand.class, CompareCommand.class,
            ExportCommand.class})
public final class TrainerCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command; try 'trident --help'");
    }

    /** Runs the command line and returns its exit code (0 ok, 2 bad input or failure). */
    public static int execute(String... args) {
        return new CommandLine(new TrainerCli()).execute(args);
    }

    public static void main(String[] args) {
        // DJL must never try the network: the PyTorch native library ships in its jar
        System.setProperty("ai.djl.offline", "true");
        System.exit(execute(args));
    }
}
