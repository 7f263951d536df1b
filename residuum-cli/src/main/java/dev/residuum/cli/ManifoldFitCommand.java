package dev.residuum.cli;

import dev.residuum.cli.options.Require;
import dev.residuum.cli.options.RunFolderOption;
import dev.residuum.cli.options.RunOptions;
import dev.residuum.data.CsvTable;
import dev.residuum.io.JsonObject;
import dev.residuum.manifold.DominantEigenvector;
import dev.residuum.manifold.FitResult;
import dev.residuum.manifold.FrechetMean;
import dev.residuum.manifold.Grassmann;
import dev.residuum.manifold.Manifold;
import dev.residuum.manifold.RotationProblem;
import dev.residuum.manifold.SpecialOrthogonal;
import dev.residuum.manifold.Sphere;
import dev.residuum.manifold.Stiefel;
import dev.residuum.manifold.SubspaceProblem;
import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import dev.residuum.report.HtmlRenderer;
import dev.residuum.report.Report;
import dev.residuum.run.RunFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code residuum manifold fit}: the problems with exact answers, solved by Riemannian
 * optimisation and checked against the closed-form or decomposition answer.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Riemannian optimisation on problems with exact answers:",
            "  rotation     R in SO(3) minimising mean |R a_i - b_i|^2 (Riemannian Adam) vs Kabsch's SVD optimum;"
                + " --data: columns a1,a2,a3,b1,b2,b3",
            "  subspace     the K-dimensional subspace of largest variance on St(d,K) or Gr(d,K) vs the top-K right"
                + " singular vectors; --data: numeric columns, --k K",
            "  mean         the Frechet (Karcher) mean on the sphere (or SO(3)) vs Riemannian Newton;"
                + " --data: one point per row (unit vectors, or 9 columns of a rotation)",
            "  eigenvector  the dominant eigenvector of a symmetric matrix by Riemannian descent on the sphere"
                + " vs EJML's eigen-decomposition; --data: a square symmetric matrix",
            "Without --data each problem draws a seeded synthetic instance. With --out DIR, writes DIR/report.html."})
final class ManifoldFitCommand implements Callable<Integer> {
    @Mixin
    RunOptions runOptions;

    @Option(names = "--problem", required = true, paramLabel = "rotation|subspace|mean|eigenvector",
            description = "The problem to solve.")
    String problem;

    @Option(names = "--data", paramLabel = "FILE.csv", description = "The problem's data (default: a synthetic instance).")
    Path data;

    @Option(names = "--k", description = "subspace: its dimension K (default 4).")
    Integer k;

    @Option(names = "--manifold", paramLabel = "stiefel|grassmann|sphere|so3",
            description = "subspace: stiefel (default) or grassmann; mean: sphere (default) or so3.")
    String manifold;

    @Option(names = "--size", description = "Synthetic instance size: rotation points (500), subspace rows x d (1000 x 32),"
            + " mean points (100, on S^2), eigenvector n (128).")
    Integer size;

    @Option(names = "--max-iterations", paramLabel = "K", description = "Most iterations (default: the problem's own).")
    Integer iterations;

    /** {@code --iterations}, this option's spelling before it became {@code diagnose}'s. */
    @Option(names = "--iterations", hidden = true)
    Integer iterationsAlias;

    @Override
    public Integer call() throws IOException {
        runOptions.common().threads().apply();
        iterations = Require.oneSpelling("--max-iterations", iterations, "--iterations", iterationsAlias);
        Require.atLeastIfGiven("--max-iterations", iterations, 1);
        Require.atLeastIfGiven("--size", size, 2);
        Require.atLeastIfGiven("--k", k, 1);
        RunFolder folder = runOptions.openIfGiven("manifold fit");
        Progress progress = Progress.onStderr(runOptions.common().quiet());
        progress.line("residuum: manifold " + problem + "...");
        JsonObject o = new JsonObject().put("command", "manifold fit").put("problem", problem)
                .put("data", data == null ? "synthetic" : data.toString()).put("seed", runOptions.seed());
        List<String> lines = new ArrayList<>();
        List<Chart> drawn = new ArrayList<>(); // the mean problem's chart of the points, if any
        FitResult fit = switch (problem) {
            case "rotation" -> rotation(o, lines);
            case "subspace" -> subspace(o, lines);
            case "mean" -> mean(o, lines, drawn);
            case "eigenvector" -> eigenvector(o, lines);
            default -> throw new BadInputException("--problem must be rotation, subspace, mean or eigenvector, got '"
                    + problem + "'");
        };
        Chart extra = drawn.isEmpty() ? null : drawn.get(0);
        progress.clear();
        o.put("iterations", fit.iterations()).put("seconds", fit.seconds()).put("gradient_norm", fit.gradientNorm())
                .put("final_loss", fit.loss());
        Path report = RunFolderOption.writeReport(folder, file -> writeReport(file, fit, lines, extra));
        o.put("report", report == null ? null : report.toString());
        PrintStream out = System.out;
        for (String l : lines) {
            out.println(l);
        }
        out.printf(Locale.ROOT, "%d iterations in %.3f s, final loss %.10g, Riemannian gradient norm %.3e%n",
                fit.iterations(), fit.seconds(), fit.loss(), fit.gradientNorm());
        runOptions.common().json().finish(out, report, o);
        return 0;
    }

    private int maxIterations(int dflt) {
        return iterations == null ? dflt : iterations;
    }

    private FitResult rotation(JsonObject o, List<String> lines) throws IOException {
        RotationProblem p;
        if (data == null) {
            p = RotationProblem.synthetic(size == null ? 500 : size, 0.05, runOptions.seed());
        } else {
            CsvTable t = CsvTable.read(data);
            double[] a = interleave(t, "a1", "a2", "a3");
            double[] b = interleave(t, "b1", "b2", "b3");
            p = new RotationProblem(a, b);
        }
        FitResult fit = p.fit(runOptions.seed(), maxIterations(RotationProblem.MAX_ITERATIONS), RotationProblem.GRADIENT_TOLERANCE);
        double[] r = fit.point();
        double[] kabsch = p.kabsch();
        SpecialOrthogonal so3 = SpecialOrthogonal.so3();
        double gap = so3.distance(r, kabsch)[0];
        o.put("rotation", rows(r, 3)).put("kabsch", rows(kabsch, 3)).put("loss_kabsch", p.loss(kabsch))
                .put("distance_to_kabsch", gap).put("orthogonality_error", orthogonalityError(r, 3))
                .put("det", det3(r)).put("points", p.size());
        lines.add("R = " + Arrays.deepToString(rows(r, 3).toArray(new double[0][])));
        lines.add(String.format(Locale.ROOT, "Kabsch optimum at geodesic distance %.3e; loss %.10g vs %.10g at the optimum;"
                + " |R^T R - I| = %.2e, det R = %.9f", gap, p.loss(r), p.loss(kabsch), orthogonalityError(r, 3), det3(r)));
        return fit;
    }

    private FitResult subspace(JsonObject o, List<String> lines) throws IOException {
        int kk = k == null ? 4 : k;
        SubspaceProblem p;
        if (data == null) {
            p = SubspaceProblem.synthetic(size == null ? 1000 : size, 32, kk, runOptions.seed());
        } else {
            CsvTable t = CsvTable.read(data);
            int d = t.header().size();
            if (kk > d) {
                throw new BadInputException("--k " + kk + " is larger than the " + d + " columns of " + data);
            }
            double[] x = new double[t.rows() * d];
            for (int j = 0; j < d; j++) {
                double[] col = t.numbers(t.header().get(j), "data");
                for (int i = 0; i < col.length; i++) {
                    x[i * d + j] = col[i];
                }
            }
            p = new SubspaceProblem(x, t.rows(), d, kk);
        }
        int d = p.dimension();
        String which = manifold == null ? "stiefel" : manifold;
        Manifold m = switch (which) {
            case "stiefel" -> new Stiefel(d, kk);
            case "grassmann" -> new Grassmann(d, kk);
            default -> throw new BadInputException("--manifold for subspace must be stiefel or grassmann, got '" + which + "'");
        };
        FitResult fit = p.fit(m, runOptions.seed(), maxIterations(SubspaceProblem.MAX_ITERATIONS), SubspaceProblem.GRADIENT_TOLERANCE);
        double[] angles = p.principalAngles(fit.point(), p.topSingularVectors());
        double maxAngle = Arrays.stream(angles).max().orElse(0);
        o.put("manifold", m.name()).put("basis", rows(fit.point(), kk)).put("principal_angles", angles)
                .put("max_principal_angle", maxAngle).put("orthogonality_error", orthogonalityError(fit.point(), kk));
        lines.add(String.format(Locale.ROOT, "%s: largest principal angle to the top-%d right singular vectors %.3e rad;"
                + " |U^T U - I| = %.2e", m.name(), kk, maxAngle, orthogonalityError(fit.point(), kk)));
        return fit;
    }

    private FitResult mean(JsonObject o, List<String> lines, List<Chart> drawn) throws IOException {
        String which = manifold == null ? "sphere" : manifold;
        Manifold m;
        double[] points;
        if (data == null) {
            m = which.equals("so3") ? SpecialOrthogonal.so3() : new Sphere(3);
            points = FrechetMean.scatter(m, size == null ? 100 : size, 0.8, runOptions.seed());
        } else {
            CsvTable t = CsvTable.read(data);
            int d = t.header().size();
            m = which.equals("so3") ? SpecialOrthogonal.so3() : new Sphere(Math.max(d, 2));
            if (m.pointSize() != d) {
                throw new BadInputException(data + ": expected " + m.pointSize() + " columns for " + m.name() + ", got " + d);
            }
            points = new double[t.rows() * d];
            for (int i = 0; i < t.rows(); i++) {
                double[] row = new double[d];
                for (int j = 0; j < d; j++) {
                    row[j] = t.number(i, j);
                }
                if (m instanceof Sphere && Arrays.stream(row).allMatch(v -> v == 0)) {
                    throw new BadInputException(data + ": row " + (i + 1) + " is the zero vector, which is on no sphere");
                }
                double[] onIt = m.projectPoint(row);
                if (m instanceof SpecialOrthogonal && !m.contains(row, 1e-4)) {
                    throw new BadInputException(data + ": row " + (i + 1) + " is not a rotation (off SO(3) by "
                            + m.membershipError(row) + ")");
                }
                System.arraycopy(onIt, 0, points, i * d, d);
            }
        }
        if (!which.equals("sphere") && !which.equals("so3")) {
            throw new BadInputException("--manifold for mean must be sphere or so3, got '" + which + "'");
        }
        FitResult fit = FrechetMean.gradientDescent(m, points, maxIterations(500), 1e-12);
        o.put("manifold", m.name()).put("mean", fit.point()).put("points", points.length / m.pointSize());
        lines.add("mean = " + Arrays.toString(fit.point()));
        if (m instanceof Sphere s) {
            double[] newton = FrechetMean.newtonOnSphere(s, points, 100, 1e-14);
            double gap = s.distance(fit.point(), newton)[0];
            o.put("newton_mean", newton).put("distance_to_newton", gap);
            lines.add(String.format(Locale.ROOT, "Riemannian Newton's mean at geodesic distance %.3e", gap));
            if (s.dimension() == 3) {
                SphereView view = new SphereView(fit.point());
                drawn.add(view.points(view.points(view.chart("Points and their mean on the sphere, seen from above the"
                        + " mean (orthographic; points behind are hidden)"), "points", points), "mean", fit.point()));
            }
        }
        return fit;
    }

    private FitResult eigenvector(JsonObject o, List<String> lines) throws IOException {
        int n;
        double[] a;
        if (data == null) {
            n = size == null ? 128 : size;
            a = DominantEigenvector.randomSymmetric(n, runOptions.seed());
        } else {
            CsvTable t = CsvTable.read(data);
            n = t.header().size();
            if (t.rows() != n) {
                throw new BadInputException(data + ": expected a square matrix, got " + t.rows() + " rows and " + n
                        + " columns");
            }
            a = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i * n + j] = t.number(i, j);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    if (Math.abs(a[i * n + j] - a[j * n + i]) > 1e-9 * (1 + Math.abs(a[i * n + j]))) {
                        throw new BadInputException(data + ": the matrix is not symmetric (row " + (i + 1) + ", column "
                                + (j + 1) + ")");
                    }
                }
            }
        }
        double[] x0 = new Sphere(n).random(1, new dev.residuum.kernel.Rng(runOptions.seed() + 1));
        FitResult fit = DominantEigenvector.solve(a, n, x0, maxIterations(100_000), 1e-9);
        double err = DominantEigenvector.errorUpToSign(fit.point(), DominantEigenvector.reference(a, n));
        o.put("n", n).put("eigenvalue", -fit.loss()).put("eigenvector", fit.point()).put("error_vs_ejml", err);
        lines.add(String.format(Locale.ROOT, "n = %d: eigenvalue %.12g; |x - v_EJML| (up to sign) = %.3e", n, -fit.loss(),
                err));
        return fit;
    }

    private void writeReport(Path file, FitResult fit, List<String> lines, Chart extra) throws IOException {
        double[] it = new double[fit.losses().length];
        double[] loss = fit.losses();
        double best = Arrays.stream(loss).min().orElse(0);
        double[] gap = new double[loss.length];
        for (int i = 0; i < it.length; i++) {
            it[i] = i;
            gap[i] = Math.max(loss[i] - best, 1e-16);
        }
        Report.Builder b = Report.builder("Manifold: " + problem)
                .headline("iterations", fit.iterations())
                .headline("final loss", fit.loss())
                .headline("Riemannian gradient norm", fit.gradientNorm())
                .headline("seconds", fit.seconds(), "s")
                .setting("problem", problem)
                .setting("data", data == null ? "synthetic (seed " + runOptions.seed() + ")" : data.toString())
                .chart(Chart.of("Loss", Axis.linear("iteration"), Axis.linear("loss")).line("loss", it, loss))
                .chart(Chart.of("Loss above its final value", Axis.linear("iteration"), Axis.log("loss - min loss"))
                        .line("loss - min", it, gap));
        if (extra != null) {
            b.chart(extra);
        }
        for (String l : lines) {
            b.note(l);
        }
        HtmlRenderer.write(b.build(), file);
    }

    /** Columns {@code names} of {@code t} as rows of a {@code rows × names.length} matrix. */
    private static double[] interleave(CsvTable t, String... names) {
        int w = names.length;
        double[] out = new double[t.rows() * w];
        for (int j = 0; j < w; j++) {
            double[] col = t.numbers(names[j], "point");
            for (int i = 0; i < col.length; i++) {
                out[i * w + j] = col[i];
            }
        }
        return out;
    }

    /** A row-major matrix as the list of its rows (for the JSON). */
    private static List<double[]> rows(double[] a, int cols) {
        List<double[]> r = new ArrayList<>();
        for (int i = 0; i < a.length / cols; i++) {
            r.add(Arrays.copyOfRange(a, i * cols, (i + 1) * cols));
        }
        return r;
    }

    private static double orthogonalityError(double[] a, int cols) {
        return new Stiefel(a.length / cols, cols).membershipError(a);
    }

    private static double det3(double[] r) {
        return r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
    }
}
