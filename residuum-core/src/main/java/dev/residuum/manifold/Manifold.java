package dev.residuum.manifold;

import dev.residuum.kernel.Rng;
import dev.residuum.nn.Constraint;
import dev.residuum.tensor.Shape;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Riemannian manifold embedded in a Euclidean space, with the operations geometric
 * optimisation needs. A point is {@link #pointSize()} doubles (a matrix row-major); an array of
 * {@code k * pointSize()} values holds {@code k} points (rows of a batch), and every operation
 * applies point by point. Tangent vectors are ambient arrays of the same length.
 *
 * <p>Arithmetic is double precision; parameters store float32 and convert at the boundary
 * ({@link #toDouble}, {@link #toFloat}). Arrays passed in are never modified; results are new
 * arrays. Operations without a closed form on a manifold ({@link #hasExp()}, {@link #hasLog()},
 * {@link #hasParallelTransport()}) throw {@link UnsupportedOperationException}.
 */
public abstract sealed class Manifold implements Constraint
        permits Euclidean, Sphere, OrthonormalMatrices, PoincareBall, Product {
    private final int[] pointDims;
    private final int pointSize;
    private final boolean exp;
    private final boolean log;
    private final boolean parallelTransport;

    /**
     * @param pointDims the dimensions of one point ({@code [n]}, {@code [n, p]}, or {@code []} for a scalar); not modified
     * @param exp whether {@link #exp} has a closed form here, and likewise {@code log} and {@code parallelTransport}
     */
    protected Manifold(int[] pointDims, boolean exp, boolean log, boolean parallelTransport) {
        this.pointDims = pointDims.clone();
        int size = 1;
        for (int d : pointDims) {
            size *= d;
        }
        this.pointSize = size;
        this.exp = exp;
        this.log = log;
        this.parallelTransport = parallelTransport;
    }

    /** Scalars per point: the product of {@link #pointDims()}. */
    public final int pointSize() {
        return pointSize;
    }

    /** The trailing dimensions of a tensor of points ({@code [n]}, {@code [n, p]}, or {@code []}). */
    public final int[] pointDims() {
        return pointDims.clone();
    }

    /** Whether a tensor of {@code shape} holds whole points: its trailing dimensions are {@link #pointDims()}. */
    public final boolean fits(Shape shape) {
        int[] d = shape.dims();
        int[] p = pointDims();
        if (d.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (d[d.length - p.length + i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    /** The nearest point (or a point near) {@code x}. */
    public final double[] projectPoint(double[] x) {
        return map(x, this::project);
    }

    /** The orthogonal projection of the ambient vector {@code u} onto the tangent space at {@code x}. */
    public final double[] projectTangent(double[] x, double[] u) {
        return map(x, u, this::tangent);
    }

    /** The Riemannian gradient at {@code x} of a function whose Euclidean gradient is {@code egrad}. */
    public final double[] egradToRgrad(double[] x, double[] egrad) {
        return map(x, egrad, this::rgrad);
    }

    /** A retraction: a point near {@code exp(x, u)}, agreeing with it to first order at least. */
    public final double[] retract(double[] x, double[] u) {
        return map(x, u, this::retr);
    }

    /** Whether {@link #exp} has a closed form here. */
    public final boolean hasExp() {
        return exp;
    }

    /** The exponential map: the end of the geodesic from {@code x} with initial velocity {@code u}. */
    public final double[] exp(double[] x, double[] u) {
        return map(x, u, this::expMap);
    }

    /** Whether {@link #log} has a closed form here. */
    public final boolean hasLog() {
        return log;
    }

    /** The logarithm map: the tangent vector at {@code x} whose exponential is {@code y}. */
    public final double[] log(double[] x, double[] y) {
        return map(x, y, this::logMap);
    }

    /** Vector transport of {@code v}, tangent at {@code x}, to the tangent space at {@code y} (by projection). */
    public final double[] transport(double[] x, double[] y, double[] v) {
        return map(x, y, v, this::transp);
    }

    /** Whether {@link #parallelTransport} has a closed form here. */
    public final boolean hasParallelTransport() {
        return parallelTransport;
    }

    /** Parallel transport of {@code v} along the geodesic from {@code x} to {@code y}. */
    public final double[] parallelTransport(double[] x, double[] y, double[] v) {
        return map(x, y, v, this::parallel);
    }

    /** The Riemannian inner product at {@code x}, summed over the points. */
    public final double inner(double[] x, double[] u, double[] v) {
        int n = pointSize();
        int k = count(x);
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += metric(slice(x, i, n), slice(u, i, n), slice(v, i, n));
        }
        return s;
    }

    /**
     * {@code ⟨u, u⟩} at {@code x} per component, as geoopt's {@code component_inner}: per scalar
     * on {@link Euclidean}, per point (repeated over its scalars) elsewhere; Riemannian Adam's
     * second moment.
     */
    public final double[] componentInner(double[] x, double[] u) {
        return map(x, u, this::componentSquare);
    }

    /** The geodesic distance between {@code x} and {@code y}, one per point. */
    public final double[] distance(double[] x, double[] y) {
        int n = pointSize();
        int k = count(x);
        checkLength(y, x.length, "distance");
        double[] d = new double[k];
        for (int i = 0; i < k; i++) {
            d[i] = dist(slice(x, i, n), slice(y, i, n));
        }
        return d;
    }

    /** {@code points} random points (the uniform distribution where there is one), drawn from {@code rng}. */
    public final double[] random(int points, Rng rng) {
        if (points < 1) {
            throw new IllegalArgumentException(name() + ": need at least one point, got " + points);
        }
        int n = pointSize();
        double[] out = new double[points * n];
        for (int i = 0; i < points; i++) {
            System.arraycopy(randomPoint(rng), 0, out, i * n, n);
        }
        return out;
    }

    /** How far {@code x} is from the manifold (0 on it), the largest over the points. */
    public final double membershipError(double[] x) {
        int n = pointSize();
        int k = count(x);
        double e = 0;
        for (int i = 0; i < k; i++) {
            double ei = error(slice(x, i, n));
            e = Double.isNaN(ei) ? Double.NaN : Math.max(e, ei);
        }
        return e;
    }

    /** Whether every point of {@code x} is on the manifold to {@code tolerance} (see {@link #membershipError}). */
    public final boolean contains(double[] x, double tolerance) {
        return membershipError(x) <= tolerance;
    }

    /** The values of a float32 array in double precision. */
    public static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Rounds {@code a} into {@code out} (modified). */
    public static void toFloat(double[] a, float[] out) {
        if (out.length != a.length) {
            throw new IllegalArgumentException("toFloat: " + a.length + " values into " + out.length);
        }
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
    }

    // --- one point at a time: the arrays are one point (or one tangent vector) long ---

    /** The nearest point of the manifold to {@code x} (one point). */
    protected abstract double[] project(double[] x);

    /** {@code u} projected onto the tangent space at {@code x}. */
    protected abstract double[] tangent(double[] x, double[] u);

    /** The Riemannian gradient at {@code x} from the Euclidean gradient {@code egrad}. */
    protected abstract double[] rgrad(double[] x, double[] egrad);

    /** The retraction of the tangent step {@code u} at {@code x}. */
    protected abstract double[] retr(double[] x, double[] u);

    /** The exponential map at {@code x} of {@code u} (where {@link #hasExp()}). */
    protected abstract double[] expMap(double[] x, double[] u);

    /** The logarithm map at {@code x} of {@code y} (where {@link #hasLog()}). */
    protected abstract double[] logMap(double[] x, double[] y);

    /** Vector transport of {@code v} from {@code x} to {@code y} by projection. */
    protected abstract double[] transp(double[] x, double[] y, double[] v);

    /** Parallel transport of {@code v} along the geodesic from {@code x} to {@code y}. */
    protected abstract double[] parallel(double[] x, double[] y, double[] v);

    /** The inner product of the tangent vectors {@code u} and {@code v} at {@code x}. */
    protected abstract double metric(double[] x, double[] u, double[] v);

    /** {@code <u, u>} at {@code x} per component, as {@link #componentInner} documents. */
    protected abstract double[] componentSquare(double[] x, double[] u);

    /** The geodesic distance between {@code x} and {@code y}. */
    protected abstract double dist(double[] x, double[] y);

    /** A random point drawn from {@code rng}. */
    protected abstract double[] randomPoint(Rng rng);

    /** How far the point {@code x} is from the manifold (per point; {@link #membershipError} takes the largest). */
    protected abstract double error(double[] x);

    /** The exception of an operation without a closed form here. */
    protected final UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException(name() + ": " + operation + " has no closed form on this manifold");
    }

    /** {@code value} repeated {@code n} times. */
    protected static double[] repeated(double value, int n) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }

    @Override
    public final String toString() {
        return name();
    }

    private interface PointOp1 {
        double[] apply(double[] x);
    }

    private interface PointOp2 {
        double[] apply(double[] x, double[] u);
    }

    private interface PointOp3 {
        double[] apply(double[] x, double[] y, double[] v);
    }

    private int count(double[] x) {
        Objects.requireNonNull(x, "x");
        int n = pointSize();
        if (x.length == 0 || x.length % n != 0) {
            throw new IllegalArgumentException(name() + ": expected a multiple of " + n + " values (whole points), got "
                    + x.length);
        }
        return x.length / n;
    }

    private void checkLength(double[] a, int length, String op) {
        Objects.requireNonNull(a, op);
        if (a.length != length) {
            throw new IllegalArgumentException(name() + "." + op + ": expected " + length + " values like the point, got "
                    + a.length);
        }
    }

    private static double[] slice(double[] a, int i, int n) {
        return a.length == n ? a : Arrays.copyOfRange(a, i * n, (i + 1) * n);
    }

    private double[] map(double[] x, PointOp1 op) {
        int n = pointSize();
        int k = count(x);
        if (k == 1) {
            return op.apply(x);
        }
        double[] out = new double[x.length];
        for (int i = 0; i < k; i++) {
            System.arraycopy(op.apply(slice(x, i, n)), 0, out, i * n, n);
        }
        return out;
    }

    private double[] map(double[] x, double[] u, PointOp2 op) {
        int n = pointSize();
        int k = count(x);
        checkLength(u, x.length, "vector");
        if (k == 1) {
            return op.apply(x, u);
        }
        double[] out = new double[x.length];
        for (int i = 0; i < k; i++) {
            System.arraycopy(op.apply(slice(x, i, n), slice(u, i, n)), 0, out, i * n, n);
        }
        return out;
    }

    private double[] map(double[] x, double[] y, double[] v, PointOp3 op) {
        int n = pointSize();
        int k = count(x);
        checkLength(y, x.length, "point");
        checkLength(v, x.length, "vector");
        if (k == 1) {
            return op.apply(x, y, v);
        }
        double[] out = new double[x.length];
        for (int i = 0; i < k; i++) {
            System.arraycopy(op.apply(slice(x, i, n), slice(y, i, n), slice(v, i, n)), 0, out, i * n, n);
        }
        return out;
    }
}
