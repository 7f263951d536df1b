package dev.residuum.spark;

import dev.residuum.data.ImageSet;
import dev.residuum.data.Shards;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One shard of the training set ({@link Shards}) as a partition of the cached training RDD holds
 * it: the images of samples {@code [first, first + n)}, decoded once per partition.
 *
 * @param part the shard (and partition) index
 * @param first the global index of the shard's first sample
 * @param dims {@code [n, C, H, W]}
 * @param images the pixels, not copied
 * @param labels n labels, not copied
 */
public record ImageShard(int part, int first, int[] dims, float[] images, int[] labels) implements Serializable {
    public ImageShard {
        Objects.requireNonNull(dims, "dims");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (dims.length != 4 || dims[0] != labels.length) {
            throw new IllegalArgumentException("ImageShard: dims " + Arrays.toString(dims) + " for " + labels.length
                    + " labels");
        }
    }

    /**
     * Shard {@code k} of {@code set}, copied out of it.
     *
     * @param set the whole training set; not modified
     */
    public static ImageShard of(ImageSet set, Shards shards, int k) {
        return cut(k, shards.from(k), set.images().shape().dims(), set.images().data(), set.labels(),
                shards.from(k), shards.from(k + 1));
    }

    /**
     * The samples {@code [from, to)} of the arrays of a set of shape {@code dims}, copied, as shard {@code k}.
     *
     * @param images not modified
     * @param labels not modified
     */
    static ImageShard cut(int k, int first, int[] dims, float[] images, int[] labels, int from, int to) {
        int image = dims[1] * dims[2] * dims[3];
        return new ImageShard(k, first, new int[] {to - from, dims[1], dims[2], dims[3]},
                Arrays.copyOfRange(images, from * image, to * image), Arrays.copyOfRange(labels, from, to));
    }

    /** Samples held. */
    public int size() {
        return labels.length;
    }

    /** An image set over the same arrays (not copied); its sample {@code i} is global sample {@code first + i}. */
    public ImageSet toImageSet() {
        return new ImageSet(Tensor.wrap(images, Shape.of(dims)), labels);
    }
}
