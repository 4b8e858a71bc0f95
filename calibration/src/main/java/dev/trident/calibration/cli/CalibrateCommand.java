package dev.trident.calibration.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code trident calibrate}: camera calibration. Subcommands {@code intrinsics} (chessboard
 * photos → camera file) and {@code extrinsics} (camera file + mounting → camera file with an
 * extrinsics section). Register it as a subcommand of the top-level CLI.
 *
 * <p>Exit codes: 0 success, 2 bad input (one line on stderr says what and how to fix it).
 * A picocli command object serves one execution; not thread-safe.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Calibrate a camera: intrinsics from chessboard photos, extrinsics on the vehicle.",
        subcommands = {IntrinsicsCommand.class, ExtrinsicsCommand.class})
public final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("calibrate: choose a subcommand: intrinsics or extrinsics (see --help)");
        return CommandLine.ExitCode.USAGE;
    }

    /** Runs {@code calibrate} on its own, e.g. {@code java -cp ... dev.trident.calibration.cli.CalibrateCommand intrinsics ...}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new CalibrateCommand()).execute(args));
    }
}
