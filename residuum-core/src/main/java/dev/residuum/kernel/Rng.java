package dev.residuum.kernel;

/**
 * A seeded random number generator whose whole state is one {@code long}, so that it can be
 * saved in a checkpoint and restored exactly (SplitMix64). Written here rather than taken from
 * {@code java.util} because {@link java.util.SplittableRandom} cannot export its state, and
 * because Gaussian draws must be bit-identical on every JDK (they use {@link StrictMath}).
 *
 * <p>Not thread-safe: give each thread its own generator ({@link #split()}).
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;
    private double spareGaussian = Double.NaN;

    /** @param seed any value; equal seeds give equal streams */
    public Rng(long seed) {
        this.state = seed;
    }

    /** The current state; {@link #restore} continues the stream from here. */
    public long state() {
        return state;
    }

    /** Continues the stream from a state obtained by {@link #state()}. */
    public void restore(long savedState) {
        this.state = savedState;
        this.spareGaussian = Double.NaN;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = (state += GOLDEN);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Moves the stream on by {@code draws} calls of {@link #nextLong()} (or {@link #nextInt},
     * which makes one each) without making them: SplitMix64's state advances by a constant per
     * draw, so a worker can start where the {@code k}-th draw of a shared stream starts.
     *
     * @param draws may be negative (moves back)
     */
    public void skip(long draws) {
        state += draws * GOLDEN;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("Rng.nextInt: bound must be positive, got " + bound);
        }
        return (int) ((nextLong() >>> 33) % bound);
    }

    /** Standard normal draw (Box–Muller, in {@link StrictMath} so every JDK gives the same bits). */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 == 0.0);
        double u2 = nextDouble();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        spareGaussian = r * StrictMath.sin(2.0 * Math.PI * u2);
        return r * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /** An independent generator seeded from this one. */
    public Rng split() {
        return new Rng(nextLong());
    }
}
