package dev.residuum.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code --depth D}, {@code --width W}: the deep MLP of an experiment on images (the flattened
 * pixels to W, D blocks of width W, a linear head), spelt, described and checked the same in every
 * such experiment. Each experiment gives its own defaults (the nets of the papers it reproduces differ).
 */
public final class ImageMlpOption {
    @Option(names = "--depth", description = "Blocks (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--width", description = "Width (default ${DEFAULT-VALUE}).")
    int width;

    private final int minDepth;

    /**
     * @param depth {@code --depth} when not given
     * @param width {@code --width} when not given
     * @param minDepth the fewest blocks the experiment can measure
     */
    public ImageMlpOption(int depth, int width, int minDepth) {
        this.depth = depth;
        this.width = width;
        this.minDepth = minDepth;
    }

    /**
     * Checks both options.
     *
     * @throws IllegalArgumentException "--depth must be at least 2, got 1"
     */
    public void check() {
        Require.atLeast("--depth", depth, minDepth);
        Require.atLeast("--width", width, 1);
    }

    /** {@code --depth}. */
    public int depth() {
        return depth;
    }

    /** {@code --width}. */
    public int width() {
        return width;
    }
}
