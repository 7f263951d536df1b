package dev.residuum.spark;

import dev.residuum.data.ImageSet;
import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.io.Serializable;
import java.util.Objects;

/**
 * The training images as they travel to the executors (broadcast once per run; each executor
 * deserialises them once and every task on it reads the same copy).
 *
 * @param dims {@code [N, C, H, W]}
 * @param images the pixels, not copied
 * @param labels N labels, not copied
 */
public record TrainingImages(int[] dims, float[] images, int[] labels) implements Serializable {
    public TrainingImages {
        Objects.requireNonNull(dims, "dims");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
    }

    /** The set's arrays (not copied). */
    public static TrainingImages of(ImageSet set) {
        return new TrainingImages(set.images().shape().dims(), set.images().data(), set.labels());
    }

    /** An image set over the same arrays (not copied). */
    public ImageSet toImageSet() {
        return new ImageSet(Tensor.wrap(images, Shape.of(dims)), labels);
    }
}
