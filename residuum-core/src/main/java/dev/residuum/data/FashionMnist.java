package dev.residuum.data;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST: 70 000 grey-scale 28x28 images of clothing in 10 classes (60 000 for training,
 * 10 000 for testing), in IDX files. Debian's {@code dataset-fashion-mnist} installs them,
 * gzipped, in {@link #DEFAULT_DIR}. The normalisation constants are those of the reference
 * workloads ({@code pytorch_reference.py}), so Residuum feeds a model the very same numbers.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Mean pixel value of the training set, on the [0, 1] scale. */
    public static final float MEAN = 0.2860f;
    /** Standard deviation of the training set's pixels, on the [0, 1] scale. */
    public static final float STD = 0.3530f;
    /** Class names by label. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /**
     * Reads a split normalised with {@link #MEAN} and {@link #STD}: images {@code [N, 1, 28, 28]}
     * float32, labels 0..9. See {@link Idx#readSplit}.
     *
     * @param dir usually {@link #DEFAULT_DIR}
     * @param split {@link Idx#TRAIN} or {@link Idx#TEST}
     * @param limit keep the first {@code limit} images, at least 1; {@link Idx#ALL} for all
     * @throws NoSuchFileException if the files are not there, saying how to install them
     */
    public static ImageSet read(Path dir, String split, int limit) throws IOException {
        try {
            return Idx.readSplit(dir, split, limit, MEAN, STD);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(e.getFile(), null, e.getReason()
                    + " (install Debian's dataset-fashion-mnist, or point to a folder with the IDX files)");
        }
    }
}
