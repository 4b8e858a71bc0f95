package dev.trident.runtime;

import dev.trident.runtime.cli.TridentCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the {@code trident} command line in-process and captures its exit code and output. */
public final class TestCli {
    /** What one command printed and returned. */
    public record Run(int code, String out, String err) {
    }

    private TestCli() {
    }

    /** Runs {@code trident args...}; serialised because it swaps System.out/err. */
    public static synchronized Run trident(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = TridentCli.run(new TridentCli(), args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
