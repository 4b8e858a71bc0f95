package dev.trident.bench.cli;

import dev.trident.runtime.cli.TridentCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code trident} command line of the bench jar (the launcher sends {@code trident bench}
 * here, so the runtime jar never carries DJL). Exit codes as {@link TridentCli}: 0 success,
 * 2 bad input, 1 failure.
 */
@Command(name = "trident", mixinStandardHelpOptions = true, version = "trident 0.1.0",
        description = "Trident benchmarks.", subcommands = {BenchCommand.class})
public final class BenchCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // plots are drawn without a display
        System.exit(run(args));
    }

    /** Runs the command tree with Trident's error handling; returns the exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new BenchCli());
        TridentCli.configure(cl);
        return cl.execute(args);
    }
}
