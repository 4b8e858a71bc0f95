package dev.trident.runtime.replay;

import dev.trident.runtime.mcap.McapChannel;
import dev.trident.runtime.mcap.McapReader;
import dev.trident.runtime.mcap.McapRepair;
import dev.trident.runtime.mcap.McapSchema;
import dev.trident.runtime.mcap.McapStatistics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trident log info FILE} and {@code trident log repair FILE [--out F]}: MCAP drive log tools. */
@Command(name = "log", mixinStandardHelpOptions = true, description = "Inspect and repair MCAP drive logs.",
        subcommands = {LogCommand.Info.class, LogCommand.Repair.class})
public final class LogCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Channels, counts, time span, chunks; whether the file is complete. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show a log's channels, message counts, time span and state.")
    public static final class Info implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            PrintStream o = System.out;
            try (McapReader r = McapReader.open(file)) {
                McapStatistics st = r.statistics();
                o.printf(Locale.ROOT, "%s: %.1f MiB, library '%s'%n", file, r.fileSize() / 1048576.0, r.library());
                o.println(r.indexed() ? "state: complete (summary and chunk indexes)" : "state: " + r.damage().orElse("unindexed")
                        + " — run: trident log repair " + file);
                double span = st.messageCount() == 0 ? 0 : (st.messageEndTime() - st.messageStartTime()) / 1e9;
                o.printf(Locale.ROOT, "messages: %d in %d chunks over %.3f s (log time %d .. %d ns)%n", st.messageCount(),
                        st.chunkCount(), span, st.messageStartTime(), st.messageEndTime());
                for (McapChannel c : r.channels().values()) {
                    McapSchema s = r.schemas().get(c.schemaId());
                    long n = st.channelMessageCounts().getOrDefault(c.id(), 0L);
                    o.printf(Locale.ROOT, "  %-28s %-28s %-6s %8d messages%s%n", c.topic(), s == null ? "(no schema)" : s.name(),
                            c.messageEncoding(), n, span > 0 && n > 1 ? String.format(Locale.ROOT, "  %.2f Hz", (n - 1) / span) : "");
                }
            }
            return 0;
        }
    }

    /** Completes a log whose recording was killed. */
    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = "Rebuild the summary of a log whose recording was killed (keeps every complete chunk).")
    public static final class Repair implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = {"-o", "--out"}, description = "write the repaired log here and leave FILE untouched (default: repair in place)")
        Path out;

        @Override
        public Integer call() {
            McapRepair.Report rep = McapRepair.repair(file, out);
            if (rep.alreadyComplete()) {
                System.out.println(file + " is already complete (" + rep.messages() + " messages); nothing to repair"
                        + (out == null ? "" : ", copied to " + out));
            } else {
                System.out.printf(Locale.ROOT, "repaired %s: kept %d messages in %d chunks, dropped %d bytes (%s)%n", rep.file(),
                        rep.messages(), rep.chunks(), rep.bytesDropped(), rep.found());
            }
            return 0;
        }
    }
}
