package dev.residuum.data;

import dev.residuum.tensor.Tensor;
import java.util.Objects;

/**
 * Labelled images, ready for a model: {@code images} is {@code [N, C, H, W]} float32 (for
 * MNIST-style data {@code [N, 1, 28, 28]}, normalised as the caller asked), {@code labels[i]}
 * is the class of image i.
 *
 * <p>The components are not copied: the tensor and the array are the ones passed in, and a
 * record's {@code equals} compares them by identity.
 *
 * @param images {@code [N, C, H, W]}
 * @param labels N class indices, each non-negative
 */
public record ImageSet(Tensor images, int[] labels) {
    /**
     * @throws IllegalArgumentException if the images are not rank 4, their count differs from
     *     the number of labels, or a label is negative
     */
    public ImageSet {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (images.shape().rank() != 4) {
            throw new IllegalArgumentException("ImageSet: images must be [N, C, H, W], got " + images.shape());
        }
        if (images.shape().dim(0) != labels.length) {
            throw new IllegalArgumentException("ImageSet: " + images.shape().dim(0) + " images but "
                    + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("ImageSet: label " + i + " is negative (" + labels[i] + ")");
            }
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }
}
