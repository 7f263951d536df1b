package dev.residuum.cli;

import dev.residuum.report.Axis;
import dev.residuum.report.Chart;
import java.util.ArrayList;
import java.util.List;

/**
 * An orthographic picture of the unit sphere S² for a report's chart: the sphere seen from far
 * along a direction, its outline a unit circle, points on the far side hidden (they break lines
 * and are skipped as markers). Screen axes: {@code e1} horizontal (perpendicular to the z axis
 * and the direction, or to the x axis when the direction is the z axis), {@code e2} up.
 */
final class SphereView {
    private static final int OUTLINE_POINTS = 181;
    private final double[] d;
    private final double[] e1;
    private final double[] e2;

    /** @param towards the direction of the viewer (not modified; normalised here), three values, not zero */
    SphereView(double[] towards) {
        d = unit(towards.clone());
        double[] e = cross(new double[] {0, 0, 1}, d);
        if (Math.sqrt(dot(e, e)) < 1e-6) {
            e = cross(new double[] {1, 0, 0}, d);
        }
        e1 = unit(e);
        e2 = cross(d, e1);
    }

    /** An empty chart with the sphere's outline drawn (the circle of radius 1). */
    Chart chart(String title) {
        double[] x = new double[OUTLINE_POINTS], y = new double[OUTLINE_POINTS];
        for (int i = 0; i < OUTLINE_POINTS; i++) {
            double a = 2 * Math.PI * i / (OUTLINE_POINTS - 1);
            x[i] = Math.cos(a);
            y[i] = Math.sin(a);
        }
        return Chart.of(title, Axis.linear("e1"), Axis.linear("e2")).line("outline", x, y);
    }

    /**
     * {@code chart} plus the visible {@code points} as markers.
     *
     * @param points unit vectors, {@code k × 3} row-major; not modified
     */
    Chart points(Chart chart, String name, double[] points) {
        double[][] xy = project(points);
        return chart.points(name, xy[0], xy[1]);
    }

    /**
     * {@code chart} plus, as one line series, the paths of the points {@code which} through the
     * stages of {@code trajectory}: consecutive stages joined along great circles, each path
     * broken from the next, and the hidden parts broken too.
     *
     * @param trajectory the points at each stage, each {@code k × 3} row-major unit vectors; not modified
     * @param which row indices of the points to draw
     */
    Chart paths(Chart chart, String name, List<double[]> trajectory, int[] which) {
        int substeps = 8;
        List<double[]> along = new ArrayList<>();
        for (int i : which) {
            for (int s = 0; s + 1 < trajectory.size(); s++) {
                double[] a = row(trajectory.get(s), i), b = row(trajectory.get(s + 1), i);
                for (int k = 0; k < substeps; k++) {
                    along.add(slerp(a, b, (double) k / substeps));
                }
            }
            along.add(row(trajectory.get(trajectory.size() - 1), i));
            along.add(new double[] {Double.NaN, Double.NaN, Double.NaN});
        }
        double[] flat = new double[along.size() * 3];
        for (int j = 0; j < along.size(); j++) {
            System.arraycopy(along.get(j), 0, flat, 3 * j, 3);
        }
        double[][] xy = project(flat);
        return chart.line(name, xy[0], xy[1]);
    }

    /** Whether the point {@code p} (three values) faces the viewer. */
    boolean visible(double[] p) {
        return dot(p, d) >= 0;
    }

    /** Screen coordinates {@code {x, y}} of {@code k × 3} points, NaN where hidden or not finite. */
    private double[][] project(double[] points) {
        int k = points.length / 3;
        double[] x = new double[k], y = new double[k];
        for (int i = 0; i < k; i++) {
            double[] p = row(points, i);
            boolean show = visible(p);
            x[i] = show ? dot(p, e1) : Double.NaN;
            y[i] = show ? dot(p, e2) : Double.NaN;
        }
        return new double[][] {x, y};
    }

    /** The point a fraction {@code t} of the way from {@code a} to {@code b} along their great circle. */
    private static double[] slerp(double[] a, double[] b, double t) {
        double angle = Math.acos(Math.max(-1, Math.min(1, dot(a, b))));
        if (angle < 1e-9) {
            return a.clone();
        }
        double wa = Math.sin((1 - t) * angle) / Math.sin(angle), wb = Math.sin(t * angle) / Math.sin(angle);
        return new double[] {wa * a[0] + wb * b[0], wa * a[1] + wb * b[1], wa * a[2] + wb * b[2]};
    }

    static double[] row(double[] points, int i) {
        return new double[] {points[3 * i], points[3 * i + 1], points[3 * i + 2]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] unit(double[] a) {
        double n = Math.sqrt(dot(a, a));
        if (!(n > 0) || Double.isInfinite(n)) {
            throw new IllegalArgumentException("SphereView: the view direction must be a finite non-zero vector");
        }
        return new double[] {a[0] / n, a[1] / n, a[2] / n};
    }
}
