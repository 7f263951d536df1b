package dev.residuum.ode;

/**
 * The Butcher tableaus of the solvers, with coefficients from the literature:
 *
 * <ul>
 *   <li>Euler, explicit midpoint, Heun, the classical RK4 and Kutta's 3/8 rule: E. Hairer,
 *       S. P. Nørsett, G. Wanner, <i>Solving Ordinary Differential Equations I</i>, 2nd ed.,
 *       Springer 1993, §II.1, Table 1.2.</li>
 *   <li>Dormand–Prince 5(4) ("DOPRI5"): J. R. Dormand, P. J. Prince, J. Comput. Appl. Math. 6
 *       (1980) 19–26; as in Hairer–Nørsett–Wanner §II.5, Table 5.2, with the dense output of
 *       §II.6 (the coefficients {@code d1 .. d7} of Hairer's code {@code dopri5.f}, continuous
 *       extension of order 4).</li>
 *   <li>Bogacki–Shampine 3(2): P. Bogacki, L. F. Shampine, Appl. Math. Lett. 2 (1989) 321–325.
 *       No interpolant of its own: the solvers use the cubic Hermite interpolant on the step's
 *       end values and slopes, which is of order 3 like the method.</li>
 *   <li>Tsitouras 5(4): Ch. Tsitouras, "Runge–Kutta pairs of order 5(4) satisfying only the first
 *       column simplifying assumption", Comput. Math. Appl. 62 (2011) 770–775, Table 1, with its
 *       order-4 interpolant (the polynomial weights of the same paper).</li>
 * </ul>
 */
public final class Tableaus {
    private Tableaus() {
    }

    /** Forward Euler, order 1. */
    public static final ButcherTableau EULER = fixed("euler", 1,
            new double[] {0},
            new double[][] {{}},
            new double[] {1});

    /** Explicit midpoint rule, order 2. */
    public static final ButcherTableau MIDPOINT = fixed("midpoint", 2,
            new double[] {0, 0.5},
            new double[][] {{}, {0.5}},
            new double[] {0, 1});

    /** Heun's method (explicit trapezoid), order 2. */
    public static final ButcherTableau HEUN = fixed("heun", 2,
            new double[] {0, 1},
            new double[][] {{}, {1}},
            new double[] {0.5, 0.5});

    /** The classical Runge–Kutta method, order 4. */
    public static final ButcherTableau RK4 = fixed("rk4", 4,
            new double[] {0, 0.5, 0.5, 1},
            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1 / 6.0, 1 / 3.0, 1 / 3.0, 1 / 6.0});

    /** Kutta's 3/8 rule, order 4. */
    public static final ButcherTableau RK4_38 = fixed("rk4_38", 4,
            new double[] {0, 1 / 3.0, 2 / 3.0, 1},
            new double[][] {{}, {1 / 3.0}, {-1 / 3.0, 1}, {1, -1, 1}},
            new double[] {1 / 8.0, 3 / 8.0, 3 / 8.0, 1 / 8.0});

    private static final double[] DOPRI5_B = {35 / 384.0, 0, 500 / 1113.0, 125 / 192.0, -2187 / 6784.0, 11 / 84.0, 0};

    /** Hairer's dense-output coefficients d_i of DOPRI5 (dopri5.f). */
    private static final double[] DOPRI5_D = {-12715105075.0 / 11282082432.0, 0, 87487479700.0 / 32700410799.0,
        -10690763975.0 / 1880347072.0, 701980252875.0 / 199316789632.0, -1453857185.0 / 822651844.0,
        69997945.0 / 29380423.0};

    /** Dormand–Prince 5(4), FSAL, with Hairer's order-4 dense output: the default adaptive solver. */
    public static final ButcherTableau DOPRI5 = new ButcherTableau("dopri5",
            new double[] {0, 1 / 5.0, 3 / 10.0, 4 / 5.0, 8 / 9.0, 1, 1},
            new double[][] {
                {},
                {1 / 5.0},
                {3 / 40.0, 9 / 40.0},
                {44 / 45.0, -56 / 15.0, 32 / 9.0},
                {19372 / 6561.0, -25360 / 2187.0, 64448 / 6561.0, -212 / 729.0},
                {9017 / 3168.0, -355 / 33.0, 46732 / 5247.0, 49 / 176.0, -5103 / 18656.0},
                {35 / 384.0, 0, 500 / 1113.0, 125 / 192.0, -2187 / 6784.0, 11 / 84.0}},
            DOPRI5_B,
            new double[] {5179 / 57600.0, 0, 7571 / 16695.0, 393 / 640.0, -92097 / 339200.0, 187 / 2100.0, 1 / 40.0},
            5, 4, hairerDenseOutput(DOPRI5_B, DOPRI5_D), true);

    /** Bogacki–Shampine 3(2), FSAL; dense output by cubic Hermite interpolation. */
    public static final ButcherTableau BOSH3 = new ButcherTableau("bosh3",
            new double[] {0, 0.5, 0.75, 1},
            new double[][] {{}, {0.5}, {0, 0.75}, {2 / 9.0, 1 / 3.0, 4 / 9.0}},
            new double[] {2 / 9.0, 1 / 3.0, 4 / 9.0, 0},
            new double[] {7 / 24.0, 1 / 4.0, 1 / 3.0, 1 / 8.0},
            3, 2, null, true);

    private static final double[] TSIT5_B = {0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742,
        -3.290069515436081, 2.324710524099774, 0};

    /** Tsitouras's {@code b̂ - b}: the embedded weights are {@code b} plus these. */
    private static final double[] TSIT5_BHAT_MINUS_B = {-0.00178001105222577714, -0.0008164344596567469,
        0.007880878010261995, -0.1447110071732629, 0.5823571654525552, -0.45808210592918697, 1 / 66.0};

    /** Tsitouras 5(4), FSAL, with its order-4 interpolant. */
    public static final ButcherTableau TSIT5 = new ButcherTableau("tsit5",
            new double[] {0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1},
            new double[][] {
                {},
                {0.161},
                {-0.008480655492356989, 0.335480655492357},
                {2.8971530571054935, -6.359448489975075, 4.3622954328695815},
                {5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525},
                {5.86145544294642, -12.92096931784711, 8.159367898576159, -0.071584973281401, -0.028269050394068383},
                {0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081,
                    2.324710524099774}},
            TSIT5_B,
            plus(TSIT5_B, TSIT5_BHAT_MINUS_B),
            5, 4,
            new double[][] {
                {1, -2.763706197274826, 2.9132554618219126, -1.0530884977290216},
                {0, 0.1317, -0.2234, 0.1017},
                {0, 3.9302962368947516, -5.941033872131505, 2.490627285651253},
                {0, -12.411077166933676, 30.33818863028232, -16.548102889244902},
                {0, 37.50931341651104, -88.1789048947664, 47.37952196281928},
                {0, -27.896526289197286, 65.09189467479366, -34.87065786149661},
                {0, 1.5, -4, 2.5}},
            true);

    private static ButcherTableau fixed(String name, int order, double[] c, double[][] a, double[] b) {
        return new ButcherTableau(name, c, a, b, null, order, 0, null, false);
    }

    /**
     * Hairer's continuous extension of DOPRI5, {@code x(θ) = x0 + θ Δ + θ(1-θ)(h k1 - Δ)
     * + θ²(1-θ)(2Δ - h k1 - h k7) + θ²(1-θ)² h Σ d_i k_i} with {@code Δ = h Σ b_i k_i}, written as
     * polynomial weights per stage: coefficients of θ, θ², θ³, θ⁴.
     */
    private static double[][] hairerDenseOutput(double[] b, double[] d) {
        int s = b.length;
        double[][] p = new double[s][4];
        for (int i = 0; i < s; i++) {
            double first = i == 0 ? 1 : 0;
            double last = i == s - 1 ? 1 : 0;
            double e = first - b[i];
            double g = 2 * b[i] - first - last;
            p[i][0] = b[i] + e;
            p[i][1] = -e + g + d[i];
            p[i][2] = -g - 2 * d[i];
            p[i][3] = d[i];
        }
        return p;
    }

    private static double[] plus(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] + y[i];
        }
        return out;
    }
}
