package dev.trident.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.trainer.train.TinyDataAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandsTest {
    @TempDir
    Path tmp;

    record Run(int code, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = new CommandLine(new TrainerCli());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, err.toString());
    }

    private Path config(String body) throws Exception {
        Path c = tmp.resolve("c" + System.nanoTime() + ".yaml");
        Files.writeString(c, body);
        return c;
    }

    private String base() throws Exception {
        return "name: tiny\ndata: {train: " + TinyDataAccess.get() + ", eval: " + TinyDataAccess.get()
                + ", evalLimit: 2}\nout: " + tmp.resolve("runs") + "\n";
    }

    @Test
    void badConfigsGiveOneClearLineAndExitCode2() throws Exception {
        Run head = run("train", "--config", config(base() + "model: {heads: [detection, lidar]}\n").toString());
        assertThat(head.code()).isEqualTo(2);
        assertThat(head.err()).contains("unknown head 'lidar' in model.heads").hasLineCount(1);

        Run lr = run("train", "--config", config(base() + "train: {lr: -0.1}\n").toString());
        assertThat(lr.code()).isEqualTo(2);
        assertThat(lr.err()).contains("train.lr must be > 0, got -0.1").hasLineCount(1);

        Run clip = run("train", "--config", config(base() + "train: {clipGradNorm: -1}\n").toString());
        assertThat(clip.code()).isEqualTo(2);
        assertThat(clip.err()).contains("train.clipGradNorm must be >= 0").hasLineCount(1);

        Run dir = run("train", "--config", config("data: {train: " + tmp.resolve("nope") + "}\n").toString());
        assertThat(dir.code()).isEqualTo(2);
        assertThat(dir.err()).contains("data.train: data dir").contains("does not exist").hasLineCount(1);

        Run weighting = run("train", "--config", config(base() + "weighting: {type: magic}\n").toString());
        assertThat(weighting.code()).isEqualTo(2);
        assertThat(weighting.err()).contains("unknown weighting 'magic'").hasLineCount(1);

        Run up = run("train", "--config", config(base() + "model: {segmentationUpsample: cubic}\n").toString());
        assertThat(up.code()).isEqualTo(2);
        assertThat(up.err()).contains("model.segmentationUpsample must be none or bilinear, got 'cubic'").hasLineCount(1);

        Run giou = run("train", "--config", config(base() + "loss: {giouWeight: -2}\n").toString());
        assertThat(giou.code()).isEqualTo(2);
        assertThat(giou.err()).contains("loss.sizeWeight, offsetWeight and giouWeight must be >= 0").hasLineCount(1);

        Run ckpt = run("eval", "--checkpoint", tmp.resolve("none").toString(), "--data", TinyDataAccess.get().toString());
        assertThat(ckpt.code()).isEqualTo(2);
        assertThat(ckpt.err()).contains("checkpoint").hasLineCount(1);

        Run neither = run("eval", "--data", TinyDataAccess.get().toString());
        assertThat(neither.code()).isEqualTo(2);
        assertThat(neither.err()).contains("give exactly one of --checkpoint K").hasLineCount(1);

        Run noModel = run("eval", "--model", tmp.resolve("none.onnx").toString(), "--data", TinyDataAccess.get().toString());
        assertThat(noModel.code()).isEqualTo(2);
        assertThat(noModel.err()).contains("--model").contains("is not a file").hasLineCount(1);

        Path garbage = Files.writeString(tmp.resolve("garbage.onnx"), "not a model");
        Run broken = run("eval", "--model", garbage.toString(), "--data", TinyDataAccess.get().toString());
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err()).contains("is not a valid ONNX model").hasLineCount(1);
    }

    @Test
    void trainsResumesAndEvaluatesATinyConfig() throws Exception {
        String model = "model: {size: n, width: 0.25, depth: 0.5, inputWidth: 96, inputHeight: 64}\n";
        String train = "train: {epochs: %d, batchSize: 2, stepsPerEpoch: 2, warmupSteps: 1, seed: 7}\nweighting: {type: dwa}\n";
        Path c2 = config(base() + model + String.format(train, 2));
        Run first = run("train", "--config", c2.toString(), "--no-progress");
        assertThat(first.code()).as(first.err()).isEqualTo(0);
        Path last = tmp.resolve("runs/tiny/last");
        assertThat(last.resolve("model.params")).isNotEmptyFile();
        assertThat(last.resolve("optimizer.ndlist")).isNotEmptyFile();
        assertThat(tmp.resolve("runs/tiny/curves-loss.png")).isNotEmptyFile();
        assertThat(tmp.resolve("runs/tiny/curves-metrics.png")).isNotEmptyFile();

        Path c3 = config(base() + model + String.format(train, 3));
        Run resumed = run("train", "--config", c3.toString(), "--resume", last.toString(), "--no-progress");
        assertThat(resumed.code()).as(resumed.err()).isEqualTo(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = new ObjectMapper().readValue(last.resolve("checkpoint.json").toFile(), Map.class);
        assertThat(meta.get("epoch")).isEqualTo(3);
        assertThat(meta.get("step")).isEqualTo(6);
        @SuppressWarnings("unchecked")
        Map<String, List<Object>> history = (Map<String, List<Object>>) meta.get("history");
        assertThat(history.get("loss.segmentation")).hasSize(3);

        Path json = tmp.resolve("eval.json");
        Run eval = run("eval", "--checkpoint", last.toString(), "--data", TinyDataAccess.get().toString(), "--json", json.toString());
        assertThat(eval.code()).as(eval.err()).isEqualTo(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = new ObjectMapper().readValue(json.toFile(), Map.class);
        assertThat(((Number) metrics.get("images")).intValue()).isEqualTo(8);
        assertThat(((Number) metrics.get("absRel")).doubleValue()).isFinite().isPositive();
    }
}
