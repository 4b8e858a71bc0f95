package dev.trident.runtime.cli;

import dev.trident.runtime.TridentException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code trident} command line of the runtime jar. The trainer jar's CLI adds the training
 * commands to the same tree. Exit codes: 0 success, 2 bad input (one line on stderr naming what
 * is wrong and how to fix it), 1 unexpected failure.
 */
@Command(name = "trident", mixinStandardHelpOptions = true, version = "trident 0.1.0",
        description = "Trident: multi-task perception (detection, segmentation, depth) on ONNX Runtime.",
        subcommands = {InspectCommand.class, InferCommand.class, DemoCommand.class, dev.trident.runtime.daemon.DaemonCommand.class,
            EngineBenchCommand.class,
            GenModelCommand.class, dev.trident.calibration.cli.CalibrateCommand.class,
            dev.trident.runtime.replay.RecordCommand.class, dev.trident.runtime.replay.ReplayCommand.class,
            dev.trident.runtime.replay.LogCommand.class, dev.trident.runtime.replay.EvalDriveCommand.class})
public final class TridentCli implements Runnable {
    /** Exit code for bad input (model, config, frame, flags). */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(new TridentCli(), args));
    }

    /** Runs a command tree with Trident's error handling; returns the exit code. */
    public static int run(Object root, String... args) {
        CommandLine cl = new CommandLine(root);
        configure(cl);
        return cl.execute(args);
    }

    /** One-line errors for bad input, exit code 2; stack traces only for bugs. */
    public static void configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            // IllegalArgumentException covers the calibration module's CalibrationException
            if (ex instanceof TridentException || ex instanceof IllegalArgumentException) {
                line.getErr().println("trident " + line.getCommandName() + ": " + ex.getMessage());
                return BAD_INPUT;
            }
            line.getErr().println("trident " + line.getCommandName() + ": unexpected failure: " + ex);
            ex.printStackTrace(line.getErr());
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("trident " + c.getCommandName() + ": " + ex.getMessage() + " (see --help)");
            return BAD_INPUT;
        });
    }
}
