package dev.residuum.tensor;

import java.util.Arrays;

/**
 * The dimensions of a dense row-major tensor. Immutable.
 *
 * <p>A shape of rank 0 ({@link #SCALAR}) holds one element. Negative axes count from the end,
 * as in PyTorch ({@code -1} is the last axis).
 */
public final class Shape {
    /** The shape of a scalar: rank 0, one element. */
    public static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int numel;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        this.numel = (int) n;
    }

    /**
     * A shape with the given dimensions.
     *
     * @param dims sizes, each non-negative; not modified (copied)
     * @throws ShapeException if a size is negative or the element count exceeds {@code Integer.MAX_VALUE}
     */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new ShapeException("Shape.of: negative size in " + Arrays.toString(dims));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new ShapeException("Shape.of: " + Arrays.toString(dims)
                        + " has more than 2^31-1 elements; float[] storage cannot hold it");
            }
        }
        return new Shape(dims.clone());
    }

    /** Number of axes. */
    public int rank() {
        return dims.length;
    }

    /** Number of elements (1 for a scalar). */
    public int numel() {
        return numel;
    }

    /**
     * Size of one axis.
     *
     * @param axis an axis in {@code [-rank, rank)}
     */
    public int dim(int axis) {
        return dims[axis(axis)];
    }

    /** A copy of the sizes. */
    public int[] dims() {
        return dims.clone();
    }

    /**
     * Normalises a possibly negative axis to {@code [0, rank)}.
     *
     * @throws ShapeException if the axis is out of range
     */
    public int axis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new ShapeException("axis " + axis + " is out of range for shape " + this
                    + " (allowed: " + (-dims.length) + " .. " + (dims.length - 1) + ")");
        }
        return a;
    }

    /** Product of the sizes of axes {@code [from, to)}. */
    public int count(int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** This shape with one axis replaced by {@code size}. */
    public Shape with(int axis, int size) {
        int[] d = dims.clone();
        d[axis(axis)] = size;
        return Shape.of(d);
    }

    /** This shape without one axis. */
    public Shape without(int axis) {
        int a = axis(axis);
        int[] d = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != a) {
                d[j++] = dims[i];
            }
        }
        return Shape.of(d);
    }

    /**
     * The shape two operands broadcast to, by NumPy's rules (align trailing axes; a size of 1
     * stretches).
     *
     * @param op the operation, named in the error
     * @throws ShapeException naming {@code op} and both shapes if they do not broadcast
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(op + ": shapes " + a + " and " + b
                        + " do not broadcast (axis " + i + " of the aligned shapes: " + da + " vs " + db
                        + "); sizes must match or be 1");
            }
            out[i] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Like PyTorch: {@code [2, 3]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
