package dev.trident.runtime.replay;

import dev.trident.runtime.Frame;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.result.PerceptionResult;
import dev.trident.runtime.result.ResultJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs each replayed frame through an in-process {@link Engine} and writes one
 * {@link ResultJson} line per frame in {@link ResultJson.Options#DETERMINISTIC} form (no timing
 * fields; the capture time is the recorded time), so the same log, model and config give
 * byte-identical files whatever the replay rate. Not thread-safe.
 */
public final class EngineSink implements ReplaySink {
    private final Engine engine;
    private final PerceptionResult result;
    private final ResultJson json = new ResultJson();
    private final BufferedWriter out;
    private final Path resultsPath;
    private long lines;

    /** Takes ownership of {@code engine}; {@code results} may be null (run, write nothing). */
    public EngineSink(Engine engine, Path results) {
        this.engine = engine;
        this.result = engine.newResult();
        this.resultsPath = results;
        try {
            if (results != null) {
                Path parent = results.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            }
            this.out = results == null ? null : Files.newBufferedWriter(results, StandardCharsets.UTF_8);
        } catch (IOException e) {
            engine.close();
            throw new TridentException("cannot write results to " + results + " (" + e.getMessage() + "); choose a writable path", e);
        }
    }

    @Override
    public void accept(long seq, long timeNanos, ReplayInput input) {
        engine.process(new Frame(input.image(), seq, System.nanoTime(), Math.floorDiv(timeNanos, 1_000_000L)), result);
        if (out != null) {
            try {
                out.write(json.write(result, ResultJson.Options.DETERMINISTIC, 0));
                out.write('\n');
            } catch (IOException e) {
                throw new TridentException("cannot write results to " + resultsPath + " (" + e.getMessage() + ")", e);
            }
            lines++;
        }
    }

    @Override
    public String summary() {
        return out == null ? "engine: " + engine.framesProcessed() + " frames processed (no --results file)"
                : "results: " + lines + " lines written to " + resultsPath;
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new TridentException("cannot finish results file " + resultsPath + " (" + e.getMessage() + ")", e);
        } finally {
            engine.close();
        }
    }
}
