package dev.residuum.manifold;

import dev.residuum.kernel.Reductions;
import dev.residuum.kernel.Rng;

/**
 * The Poincaré ball of curvature {@code −c}: {@code {x ∈ ℝⁿ : c‖x‖² < 1}} with the metric
 * {@code λ_x² ⟨u, v⟩}, {@code λ_x = 2 / (1 − c‖x‖²)}; a batch is rows of points. Möbius
 * addition, exp, log, distance and parallel transport (by gyration) in closed form (Ganea,
 * Bécigneul and Hofmann 2018; Ungar 2005). The retraction is the exponential map; points are
 * kept at most {@code (1 − ε)/√c} from the centre, with geoopt's float32 margin ε = 4e-3
 * (parameters store float32, and λ blows up at the boundary).
 */
public final class PoincareBall extends Manifold {
    /** The margin from the boundary, relative to the radius {@code 1/√c}. */
    public static final double BOUNDARY_MARGIN = 4e-3;

    private final int n;
    private final double c;
    private final double sqrtC;

    /** @param n dimension (at least 1) @param c the negative of the curvature, > 0 */
    public PoincareBall(int n, double c) {
        super(new int[] {n}, true, true, true);
        if (n < 1 || !(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("PoincareBall: need n >= 1 and a finite c > 0 (curvature -c), got n = "
                    + n + ", c = " + c);
        }
        this.n = n;
        this.c = c;
        this.sqrtC = Math.sqrt(c);
    }

    /** {@code n}: a point is a vector of the open ball in {@code R^n}. */
    public int dimension() {
        return n;
    }

    /** The curvature is {@code −c}. */
    public double c() {
        return c;
    }

    @Override
    public String name() {
        return "poincare(" + n + ",c=" + c + ")";
    }

    /** The conformal factor {@code 2 / (1 − c‖x‖²)}. */
    public double conformalFactor(double[] x) {
        return 2 / (1 - c * Reductions.dot(x, x));
    }

    /** Möbius addition {@code x ⊕ y}. */
    public double[] mobiusAdd(double[] x, double[] y) {
        double xy = Reductions.dot(x, y), x2 = Reductions.dot(x, x), y2 = Reductions.dot(y, y);
        double a = 1 + 2 * c * xy + c * y2, b = 1 - c * x2;
        double d = 1 + 2 * c * xy + c * c * x2 * y2;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (a * x[i] + b * y[i]) / d;
        }
        return out;
    }

    @Override
    protected double[] project(double[] x) {
        double norm = Reductions.norm(x);
        double max = (1 - BOUNDARY_MARGIN) / sqrtC;
        if (!Double.isFinite(norm)) {
            throw new IllegalArgumentException(name() + ": cannot project a non-finite vector into the ball");
        }
        return norm > max ? Matrices.scale(max / norm, x) : x.clone();
    }

    @Override
    protected double[] tangent(double[] x, double[] u) {
        return u.clone();
    }

    @Override
    protected double[] rgrad(double[] x, double[] egrad) {
        double l = conformalFactor(x);
        return Matrices.scale(1 / (l * l), egrad);
    }

    @Override
    protected double[] retr(double[] x, double[] u) {
        return project(expMap(x, u));
    }

    @Override
    protected double[] expMap(double[] x, double[] u) {
        double un = Reductions.norm(u);
        if (un == 0) {
            return x.clone();
        }
        double t = Math.tanh(sqrtC * conformalFactor(x) * un / 2) / (sqrtC * un);
        return mobiusAdd(x, Matrices.scale(t, u));
    }

    @Override
    protected double[] logMap(double[] x, double[] y) {
        double[] w = mobiusAdd(Matrices.scale(-1, x), y);
        double wn = Reductions.norm(w);
        if (wn == 0) {
            return new double[n];
        }
        double f = 2 / (sqrtC * conformalFactor(x)) * artanh(sqrtC * wn) / wn;
        return Matrices.scale(f, w);
    }

    @Override
    protected double[] transp(double[] x, double[] y, double[] v) {
        return parallel(x, y, v);
    }

    /** {@code (λ_x / λ_y) gyr[y, −x] v}. */
    @Override
    protected double[] parallel(double[] x, double[] y, double[] v) {
        double[] g = gyration(y, Matrices.scale(-1, x), v);
        return Matrices.scale(conformalFactor(x) / conformalFactor(y), g);
    }

    @Override
    protected double metric(double[] x, double[] u, double[] v) {
        double l = conformalFactor(x);
        return l * l * Reductions.dot(u, v);
    }

    @Override
    protected double[] componentSquare(double[] x, double[] u) {
        return repeated(metric(x, u, u), n);
    }

    @Override
    protected double dist(double[] x, double[] y) {
        return 2 / sqrtC * artanh(sqrtC * Reductions.norm(mobiusAdd(Matrices.scale(-1, x), y)));
    }

    /** The exponential at the centre of a Gaussian tangent vector of standard deviation 1/√(c n). */
    @Override
    protected double[] randomPoint(Rng rng) {
        double[] u = Matrices.gaussian(rng, n);
        return project(expMap(new double[n], Matrices.scale(1 / Math.sqrt(c * n), u)));
    }

    /** How far past {@code (1 − ε)/√c} the point is, in units of the radius (0 inside). */
    @Override
    protected double error(double[] x) {
        double r = sqrtC * Reductions.norm(x);
        return Double.isNaN(r) ? Double.NaN : Math.max(0, r - (1 - BOUNDARY_MARGIN));
    }

    /** {@code gyr[u, v] w} (Ungar), with the curvature {@code k = −c}. */
    private double[] gyration(double[] u, double[] v, double[] w) {
        double k = -c;
        double u2 = Reductions.dot(u, u), v2 = Reductions.dot(v, v), uv = Reductions.dot(u, v);
        double uw = Reductions.dot(u, w), vw = Reductions.dot(v, w);
        double a = -k * k * uw * v2 + k * vw + 2 * k * k * uv * vw;
        double b = -k * k * vw * u2 - k * uw;
        double d = 1 + 2 * k * uv + k * k * u2 * v2;
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] + 2 * (a * u[i] + b * v[i]) / d;
        }
        return out;
    }

    private static double artanh(double z) {
        double zc = Math.min(z, 1 - 1e-15);
        return 0.5 * Math.log1p(2 * zc / (1 - zc));
    }
}
