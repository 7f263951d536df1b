package dev.residuum.manifold;

import dev.residuum.kernel.Rng;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The product {@code M₁ × … × M_k}: a point is the factors' points laid end to end (one
 * flat vector), every operation acts factor by factor, the metric is the sum and the distance
 * {@code sqrt(Σ dᵢ²)}. Exp, log and parallel transport exist when every factor has them.
 */
public final class Product extends Manifold {
    private final List<Manifold> factors;
    private final int[] offsets;
    private final int size;

    /** The product of {@code factors} (at least one, copied); a point is their points one after another. */
    public Product(List<Manifold> factors) {
        super(new int[] {nonEmpty(factors).stream().mapToInt(Manifold::pointSize).sum()},
                factors.stream().allMatch(Manifold::hasExp), factors.stream().allMatch(Manifold::hasLog),
                factors.stream().allMatch(Manifold::hasParallelTransport));
        this.factors = List.copyOf(factors);
        this.offsets = new int[this.factors.size() + 1];
        for (int i = 0; i < this.factors.size(); i++) {
            offsets[i + 1] = offsets[i] + this.factors.get(i).pointSize();
        }
        this.size = offsets[this.factors.size()];
    }

    private static List<Manifold> nonEmpty(List<Manifold> factors) {
        if (factors.isEmpty()) {
            throw new IllegalArgumentException("Product: needs at least one factor");
        }
        return factors;
    }

    /** The product of {@code factors}, in order. */
    public static Product of(Manifold... factors) {
        return new Product(List.of(factors));
    }

    /** The factors, in the order of a point's parts. */
    public List<Manifold> factors() {
        return factors;
    }

    @Override
    public String name() {
        return factors.stream().map(Manifold::name).collect(Collectors.joining(",", "product(", ")"));
    }

    private interface FactorOp {
        double[] apply(Manifold m, double[] x, double[] u, double[] v);
    }

    private double[] byFactor(double[] x, double[] u, double[] v, FactorOp op) {
        double[] out = new double[size];
        for (int i = 0; i < factors.size(); i++) {
            int from = offsets[i], to = offsets[i + 1];
            double[] r = op.apply(factors.get(i), part(x, from, to), part(u, from, to), part(v, from, to));
            System.arraycopy(r, 0, out, from, to - from);
        }
        return out;
    }

    private static double[] part(double[] a, int from, int to) {
        return a == null ? null : java.util.Arrays.copyOfRange(a, from, to);
    }

    @Override
    protected double[] project(double[] x) {
        return byFactor(x, null, null, (m, a, b, c) -> m.projectPoint(a));
    }

    @Override
    protected double[] tangent(double[] x, double[] u) {
        return byFactor(x, u, null, (m, a, b, c) -> m.projectTangent(a, b));
    }

    @Override
    protected double[] rgrad(double[] x, double[] egrad) {
        return byFactor(x, egrad, null, (m, a, b, c) -> m.egradToRgrad(a, b));
    }

    @Override
    protected double[] retr(double[] x, double[] u) {
        return byFactor(x, u, null, (m, a, b, c) -> m.retract(a, b));
    }

    @Override
    protected double[] expMap(double[] x, double[] u) {
        return byFactor(x, u, null, (m, a, b, c) -> m.exp(a, b));
    }

    @Override
    protected double[] logMap(double[] x, double[] y) {
        return byFactor(x, y, null, (m, a, b, c) -> m.log(a, b));
    }

    @Override
    protected double[] transp(double[] x, double[] y, double[] v) {
        return byFactor(x, y, v, (m, a, b, c) -> m.transport(a, b, c));
    }

    @Override
    protected double[] parallel(double[] x, double[] y, double[] v) {
        return byFactor(x, y, v, (m, a, b, c) -> m.parallelTransport(a, b, c));
    }

    @Override
    protected double metric(double[] x, double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < factors.size(); i++) {
            int from = offsets[i], to = offsets[i + 1];
            s += factors.get(i).inner(part(x, from, to), part(u, from, to), part(v, from, to));
        }
        return s;
    }

    @Override
    protected double[] componentSquare(double[] x, double[] u) {
        return byFactor(x, u, null, (m, a, b, c) -> m.componentInner(a, b));
    }

    @Override
    protected double dist(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < factors.size(); i++) {
            int from = offsets[i], to = offsets[i + 1];
            for (double d : factors.get(i).distance(part(x, from, to), part(y, from, to))) {
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    @Override
    protected double[] randomPoint(Rng rng) {
        double[] out = new double[size];
        for (int i = 0; i < factors.size(); i++) {
            System.arraycopy(factors.get(i).random(1, rng), 0, out, offsets[i], offsets[i + 1] - offsets[i]);
        }
        return out;
    }

    @Override
    protected double error(double[] x) {
        double e = 0;
        for (int i = 0; i < factors.size(); i++) {
            e = Math.max(e, factors.get(i).membershipError(part(x, offsets[i], offsets[i + 1])));
        }
        return e;
    }
}
