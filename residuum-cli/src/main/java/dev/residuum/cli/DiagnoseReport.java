package dev.residuum.cli;

import dev.residuum.io.Json;
import dev.residuum.io.Safetensors;
import dev.residuum.nn.Module;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import dev.residuum.run.RunFolder;
import dev.residuum.stability.BlockReport;
import dev.residuum.stability.Diagnosis;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What {@code residuum diagnose --out DIR} leaves: {@code report.html} (spectral norm and gradient
 * norm by depth, the model and its twin on one log-scale chart each), {@code diagnosis.json} (the
 * {@code --json} object), {@code model.safetensors} (the weights measured) and
 * {@code batch.safetensors} ({@code input} and {@code labels} as float32): with the last two,
 * {@code scripts/diagnose_reference.py DIR} recomputes the numbers in PyTorch.
 */
final class DiagnoseReport {
    /** The measured batch: tensors {@code input} and {@code labels}. */
    static final String BATCH = "batch.safetensors";
    /** The JSON object printed by {@code --json}. */
    static final String JSON = "diagnosis.json";

    private final DiagnoseModel spec;
    private final Diagnosis diagnosis;
    private final DiagnoseModel twinSpec;
    private final Diagnosis twin;
    private final Map<String, Object> result;

    DiagnoseReport(DiagnoseModel spec, Diagnosis diagnosis, DiagnoseModel twinSpec, Diagnosis twin,
                   Map<String, Object> result) {
        this.spec = spec;
        this.diagnosis = diagnosis;
        this.twinSpec = twinSpec;
        this.twin = twin;
        this.result = result;
    }

    /** Writes the four files into {@code dir} (created). @param x not modified */
    void write(Path dir, Module net, Tensor x, int[] labels) throws IOException {
        Files.createDirectories(dir);
        Safetensors.save(dir.resolve(RunFolder.MODEL), net, Map.of("model", spec.name()));
        float[] y = new float[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i];
        }
        Map<String, Tensor> batch = new LinkedHashMap<>();
        batch.put("input", x);
        batch.put("labels", Tensor.wrap(y, Shape.of(y.length)));
        Safetensors.write(dir.resolve(BATCH), batch, Map.of());
        Files.writeString(dir.resolve(JSON), Json.write(result, Json.Style.INDENTED) + "\n", StandardCharsets.UTF_8);
        HtmlRenderer.write(report(), dir.resolve(RunFolder.REPORT));
    }

    Report report() {
        Report.Builder r = Report.builder("residuum diagnose " + spec.name())
                .headline("loss", diagnosis.loss())
                .headline("loss of the twin", twin.loss())
                .headline("blocks", diagnosis.blocks().size());
        result.forEach((k, v) -> {
            if (!k.equals("blocks") && !k.equals("twin") && !k.equals("loss")) {
                r.setting(k, String.valueOf(v));
            }
        });
        r.setting("twin", twinSpec.name());
        r.section("By depth");
        r.panels(chart("Spectral norm of each block's Jacobian", "||J||_2", d -> d.jacobian().value()),
                chart("Gradient norm at each block's input", "||dL/dx_l||", BlockReport::gradInputNorm));
        r.note("Block l is the l-th residual (or plain) block, numbered from 0; its input x_l is the output of the "
                + "one before. ||J||_2 is the largest singular value of d block(x_l) / d x_l over the whole batch, "
                + "from power iteration on jvp and vjp; ||dL/dx_l|| the gradient of the mean cross-entropy. The "
                + "twin has the same layers with the skips removed (or put back, for a plain model).");
        r.chart(chart("Spectral norm of each branch's Jacobian", "||J_F||_2", d -> d.branch().value()));
        return r.build();
    }

    private Chart chart(String title, String label, ToDoubleFunction<BlockReport> value) {
        return Chart.of(title, Axis.linear("block"), Axis.log(label))
                .line(spec.name(), depth(diagnosis.blocks()), values(diagnosis.blocks(), value))
                .line(twinSpec.name() + " (twin)", depth(twin.blocks()), values(twin.blocks(), value));
    }

    private static double[] depth(List<BlockReport> blocks) {
        double[] out = new double[blocks.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = i;
        }
        return out;
    }

    private static double[] values(List<BlockReport> blocks, ToDoubleFunction<BlockReport> value) {
        return blocks.stream().mapToDouble(value).toArray();
    }
}
