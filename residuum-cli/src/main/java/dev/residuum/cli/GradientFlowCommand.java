package dev.residuum.cli;

import dev.residuum.cli.options.DataOption;
import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.RunOptions;
import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.io.JsonObject;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.nn.residual.LongSkips;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import dev.residuum.run.RunFolder;
import dev.residuum.stability.BlockGradients;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum experiment gradient-flow}: {@code ||dL/dx_l||} for every block l at initialisation,
 * one batch of real images, for plain nets and their residual twins (the same weights, the skips
 * removed): plainN vs resnetN (shortcut A, training mode as the first step sees it) and plain vs
 * residual tanh MLPs (PyTorch's default init) of several depths, optionally also with long skips.
 * The spread {@code max_l / min_l ||dL/dx_l||} is fitted two ways against depth: exponential
 * ({@code log spread = a L + b}) and polynomial ({@code log spread = p log L + c}).
 */
@Command(name = "gradient-flow", mixinStandardHelpOptions = true,
        description = "Gradient norm by depth at initialisation: plain vs residual (CIFAR ResNet and MLPs).")
final class GradientFlowCommand implements Callable<Integer> {
    static final String NAME = "experiment gradient-flow";

    @Option(names = "--mlp-depths", defaultValue = "10,30,100,300,1000", split = ",",
            description = "MLP depths (default ${DEFAULT-VALUE}).")
    int[] mlpDepths;

    @Option(names = "--width", defaultValue = "64", description = "MLP width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--cifar-depth", defaultValue = "56", description = "plainN vs resnetN, N = 6n+2; 0 for none"
            + " (default ${DEFAULT-VALUE}).")
    int cifarDepth;

    @Option(names = "--long-skips", paramLabel = "every:K|u",
            description = "Also measure the MLPs and CIFAR nets with these long skips.")
    String longSkips;

    @Option(names = "--batch", defaultValue = "32", description = "The first B test images (default ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    RunOptions runOptions;

    @Mixin
    DataOption data;

    /** One model's gradient norms by block. */
    record Flow(String family, String model, int depth, double[] norms) {
        double spread() {
            double lo = Double.POSITIVE_INFINITY, hi = 0;
            for (double v : norms) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            return hi / lo; // infinite where a norm underflows to 0
        }
    }

    @Override
    public Integer call() throws IOException {
        Require.atLeast("--batch", batch, 1);
        Require.atLeast("--width", width, 1);
        for (int d : mlpDepths) {
            Require.atLeast("--mlp-depths", d, 2);
        }
        if (cifarDepth != 0 && (cifarDepth < 8 || (cifarDepth - 2) % 6 != 0)) {
            throw new BadInputException("--cifar-depth must be 6n+2 (20, 56, 110, ...) or 0, got " + cifarDepth);
        }
        LongSkips skips;
        try {
            skips = longSkips == null ? LongSkips.NONE : LongSkips.parse(longSkips);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--long-skips: " + e.getMessage());
        }
        RunFolder folder = runOptions.open(NAME, false);
        runOptions.common().threads().apply();
        DataSource source = data.resolve(Idx.TEST);
        ImageSet images = source.read(Idx.TEST, batch);
        if (images.size() < batch) {
            throw new BadInputException("--batch " + batch + ": the test split of " + source.name() + " holds only "
                    + images.size() + " images");
        }
        int[] labels = images.labels();
        Function<Tensor, Tensor> loss = y -> y.crossEntropy(labels);
        PrintStream progress = runOptions.common().quiet().progress();
        List<Flow> flows = new ArrayList<>();
        List<LongSkips> kinds = skips.enabled() ? List.of(LongSkips.NONE, skips) : List.of(LongSkips.NONE);
        for (LongSkips k : kinds) {
            String suffix = k.enabled() ? " + long skips " + k.spec() : "";
            if (cifarDepth > 0) {
                for (String kind : new String[] {"plain", "resnet"}) {
                    CifarResNet.Config c = CifarResNet.Config.of(kind + cifarDepth).withLongSkips(k);
                    progress.println(NAME + ": " + kind + cifarDepth + suffix);
                    flows.add(measure("cifar " + kind + suffix, kind + cifarDepth + suffix, cifarDepth,
                            new CifarResNet(c, new Rng(runOptions.seed())), images.images(), loss, true));
                }
            }
            for (boolean residual : new boolean[] {false, true}) {
                for (int d : mlpDepths) {
                    Module net = DiagnoseModel.imageMlp(d, width).skips(residual).longSkips(k)
                            .build(new Rng(runOptions.seed()));
                    String kind = residual ? "residual" : "plain";
                    progress.println(NAME + ": mlp-" + kind + "-" + d + suffix);
                    flows.add(measure("mlp " + kind + suffix, "mlp-" + kind + "-" + d + suffix, d, net,
                            images.images(), loss, false));
                }
            }
        }
        folder.begin();
        Map<String, double[]> fits = fits(flows);
        writeReport(folder, flows, fits, source);
        System.out.print(table(flows, fits));
        JsonObject out = new JsonObject().put("batch", batch).put("width", width).put("seed", runOptions.seed());
        List<Object> models = new ArrayList<>();
        for (Flow f : flows) {
            models.add(new JsonObject().put("family", f.family()).put("model", f.model()).put("depth", f.depth())
                    .put("first", f.norms()[0]).put("last", f.norms()[f.norms().length - 1])
                    .put("spread", Double.isFinite(f.spread()) ? f.spread() : null).put("grad_input_norm", f.norms()));
        }
        out.put("models", models);
        JsonObject fitJson = new JsonObject();
        fits.forEach((family, v) -> fitJson.put(family, new JsonObject().put("factor_per_block", Math.pow(10, v[0]))
                .put("r2_exponential", v[1]).put("exponent", v[2]).put("r2_polynomial", v[3])));
        out.put("fits", fitJson).put("report", folder.file(RunFolder.REPORT).toString());
        runOptions.common().json().print(System.out, out);
        return 0;
    }

    private static Flow measure(String family, String model, int depth, Module net, Tensor x,
                                Function<Tensor, Tensor> loss, boolean training) {
        List<BlockGradients.Flow> flow = BlockGradients.of(net, x, loss, training).flow();
        return new Flow(family, model, depth, flow.stream().mapToDouble(BlockGradients.Flow::inputGradNorm).toArray());
    }

    /**
     * Per MLP family with at least three finite spreads: {slope a of log10 spread against depth, its R^2,
     * slope p of log10 spread against log10 depth, its R^2}.
     */
    static Map<String, double[]> fits(List<Flow> flows) {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (Flow f : flows) {
            if (f.family().startsWith("mlp") && Double.isFinite(f.spread())) {
                points.computeIfAbsent(f.family(), k -> new ArrayList<>()).add(new double[] {f.depth(),
                        Math.log10(f.spread())});
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        points.forEach((family, p) -> {
            if (p.size() >= 3) {
                double[] exp = leastSquares(p, false), poly = leastSquares(p, true);
                out.put(family, new double[] {exp[0], exp[1], poly[0], poly[1]});
            }
        });
        return out;
    }

    /** {slope, R^2} of y against x (or log10 x). */
    private static double[] leastSquares(List<double[]> p, boolean logX) {
        int n = p.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        for (double[] q : p) {
            double x = logX ? Math.log10(q[0]) : q[0], y = q[1];
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            syy += y * y;
        }
        double cov = sxy - sx * sy / n, vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
        return new double[] {cov / vx, vy == 0 ? 1 : cov * cov / (vx * vy)};
    }

    private static String table(List<Flow> flows, Map<String, double[]> fits) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-36s %6s %12s %12s %12s%n", "model", "depth",
                "|dL/dx_0|", "|dL/dx_L-1|", "max/min"));
        for (Flow f : flows) {
            sb.append(String.format(Locale.ROOT, "%-36s %6d %12.4g %12.4g %12s%n", f.model(), f.depth(), f.norms()[0],
                    f.norms()[f.norms().length - 1], Double.isFinite(f.spread())
                            ? String.format(Locale.ROOT, "%.4g", f.spread()) : "inf (underflow)"));
        }
        fits.forEach((family, v) -> sb.append(String.format(Locale.ROOT, "%s: exponential fit spread ~ %.4g^L"
                + " (R^2 %.3f); polynomial fit spread ~ L^%.3f (R^2 %.3f)%n", family, Math.pow(10, v[0]), v[1], v[2],
                v[3])));
        return sb.toString();
    }

    private void writeReport(RunFolder folder, List<Flow> flows, Map<String, double[]> fits, DataSource source)
            throws IOException {
        Map<String, Chart> byFamily = new LinkedHashMap<>();
        Chart spread = Chart.of("Spread max/min of ||dL/dx_l|| against depth (MLPs)", Axis.log("depth (blocks)"),
                Axis.log("spread"));
        Map<String, List<double[]>> spreads = new LinkedHashMap<>();
        Map<String, String> table = new LinkedHashMap<>();
        for (Flow f : flows) {
            double[] l = new double[f.norms().length];
            for (int i = 0; i < l.length; i++) {
                l[i] = i;
            }
            byFamily.merge(f.family(), Chart.of(f.family() + ": ||dL/dx_l|| by block", Axis.linear("block l"),
                    Axis.log("||dL/dx_l||")).line(f.model(), l, f.norms()), (a, b) -> a.with(b.series().get(0)));
            if (f.family().startsWith("mlp")) {
                spreads.computeIfAbsent(f.family(), k -> new ArrayList<>()).add(new double[] {f.depth(), f.spread()});
            }
            table.put(f.model(), String.format(Locale.ROOT, "||dL/dx_0|| %.4g, ||dL/dx_L-1|| %.4g, spread %s",
                    f.norms()[0], f.norms()[f.norms().length - 1], Double.isFinite(f.spread())
                            ? String.format(Locale.ROOT, "%.4g", f.spread()) : "infinite (a norm underflows to 0)"));
        }
        for (Map.Entry<String, List<double[]>> e : spreads.entrySet()) {
            spread = spread.line(e.getKey(), e.getValue().stream().mapToDouble(p -> p[0]).toArray(),
                    e.getValue().stream().mapToDouble(p -> p[1]).toArray());
        }
        fits.forEach((family, v) -> table.put("fit " + family, String.format(Locale.ROOT,
                "exponential: spread ~ %.4g^L (R^2 %.3f); polynomial: spread ~ L^%.3f (R^2 %.3f)", Math.pow(10, v[0]),
                v[1], v[2], v[3])));
        Report.Builder r = Report.builder("Gradient norm by depth at initialisation: plain vs residual")
                .setting("data", "the first " + batch + " test images of " + source.name())
                .setting("MLPs", "784 -> " + width + ", D blocks W2 tanh(W1 x) (+ x when residual), -> 10; PyTorch's"
                        + " default init; evaluation mode")
                .setting("CIFAR nets", cifarDepth == 0 ? "none" : "plain" + cifarDepth + " / resnet" + cifarDepth
                        + " (shortcut A), training mode (batch statistics)")
                .setting("seed", Long.toString(runOptions.seed()))
                .note("A plain stack multiplies the gradient by each layer's Jacobian, so its norm changes"
                        + " exponentially in depth; a residual stack multiplies by I + J_F, and stays within a"
                        + " polynomial band.");
        r.chart(spread);
        byFamily.values().forEach(r::chart);
        HtmlRenderer.write(r.table(table).build(), folder.file(RunFolder.REPORT));
    }
}
