package dev.trident.runtime.cli;

import dev.trident.runtime.contract.ContractJson;
import dev.trident.runtime.demo.GeneratedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trident gen-model --out m.onnx}: writes the generated (untrained) three-head model. */
@Command(name = "gen-model", mixinStandardHelpOptions = true,
        description = "Write the generated, untrained three-head demo model (hand-set weights, contract embedded).")
public final class GenModelCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, required = true, description = "model file to write")
    Path out;

    @Option(names = "--size", defaultValue = "640x384", description = "input WIDTHxHEIGHT, multiples of 8 (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--sidecar", description = "also write the contract as a sidecar <model>.trident.json and leave it out of the model")
    boolean sidecar;

    @Override
    public Integer call() throws IOException {
        String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new IllegalArgumentException("--size must look like 640x384, got '" + size + "'");
        }
        int w;
        int h;
        try {
            w = Integer.parseInt(wh[0]);
            h = Integer.parseInt(wh[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--size must look like 640x384, got '" + size + "'");
        }
        GeneratedModel.Spec spec = new GeneratedModel.Spec(w, h, 24, 4, 4);
        GeneratedModel.write(out, spec);
        if (sidecar) {
            // the sidecar wins over embedded metadata, so it alone describes the model
            String file = out.getFileName().toString();
            Path side = out.resolveSibling((file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file) + ".trident.json");
            Files.writeString(side, ContractJson.write(GeneratedModel.contract(spec)));
            System.out.println("wrote " + out + " and " + side);
        } else {
            System.out.println("wrote " + out);
        }
        return 0;
    }
}
