package dev.residuum.data;

import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads MNIST-style IDX files (MNIST, Fashion-MNIST, KMNIST): images with magic number 2051
 * ({@code [count, rows, cols]} unsigned bytes) and labels with magic number 2049 ({@code [count]}
 * unsigned bytes), gzipped or raw (recognised by content, whatever the name). Every read checks
 * the magic number, the sizes, and that the file holds exactly the bytes its header declares;
 * a bad file fails with a one-line {@link IdxFormatException} naming the file and the problem.
 *
 * <p>A {@code limit} keeps the first images or labels in file order; the rest of the file is
 * still read through (and checked) but not kept.
 *
 * <pre>{@code
 * ImageSet test = Idx.readSplit(Path.of("/usr/share/datasets/fashion-mnist"), Idx.TEST, Idx.ALL,
 *         FashionMnist.MEAN, FashionMnist.STD);   // images [10000, 1, 28, 28], labels 0..9
 * }</pre>
 */
public final class Idx {
    /** Magic number of an image file: unsigned bytes, 3 dimensions. */
    public static final int IMAGES_MAGIC = 2051;
    /** Magic number of a label file: unsigned bytes, 1 dimension. */
    public static final int LABELS_MAGIC = 2049;
    /** A limit that keeps everything. */
    public static final int ALL = Integer.MAX_VALUE;
    /** The training split's file prefix. */
    public static final String TRAIN = "train";
    /** The test split's file prefix (MNIST's name for it). */
    public static final String TEST = "t10k";

    private Idx() {
    }

    /** Reads every image of an IDX image file. */
    public static IdxImages readImages(Path file) throws IOException {
        return readImages(file, ALL);
    }

    /**
     * Reads the first {@code limit} images of an IDX image file (all if it holds fewer).
     *
     * @param limit at least 1; {@link #ALL} for every image
     * @throws IdxFormatException if the file is not a valid IDX image file, or the images kept
     *     would not fit in one Java array (2^31 bytes; lower the limit)
     */
    public static IdxImages readImages(Path file, int limit) throws IOException {
        checkLimit(limit);
        try (IdxReader reader = IdxReader.open(file)) {
            int[] sizes = reader.header(3, "image");
            int count = sizes[0], rows = sizes[1], cols = sizes[2];
            if (rows == 0 || cols == 0) {
                throw new IdxFormatException(file, "header declares images of " + rows + "x" + cols
                        + "; rows and columns must be positive");
            }
            long imageBytes = (long) rows * cols;
            if (imageBytes > IdxReader.MAX_ARRAY) { // also keeps the products below within a long
                throw new IdxFormatException(file, "header declares images of " + rows + "x" + cols
                        + ", larger than one array holds");
            }
            int keep = Math.min(limit, count);
            if (imageBytes * keep > IdxReader.MAX_ARRAY) {
                throw new IdxFormatException(file, keep + " images of " + rows + "x" + cols + " take "
                        + imageBytes * keep + " bytes, more than one array holds; read fewer with a limit");
            }
            String what = count + " images of " + rows + "x" + cols;
            byte[] pixels = reader.body(imageBytes * count, (int) (imageBytes * keep), what);
            return new IdxImages(keep, rows, cols, count, pixels);
        }
    }

    /** Reads every label of an IDX label file, each 0..255. */
    public static int[] readLabels(Path file) throws IOException {
        return readLabels(file, ALL);
    }

    /**
     * Reads the first {@code limit} labels of an IDX label file (all if it holds fewer).
     *
     * @param limit at least 1; {@link #ALL} for every label
     * @return labels, each 0..255
     * @throws IdxFormatException if the file is not a valid IDX label file
     */
    public static int[] readLabels(Path file, int limit) throws IOException {
        return labels(file, limit).values();
    }

    /** Labels and the count the file declares. */
    private record Labels(int[] values, int fileCount) {
    }

    private static Labels labels(Path file, int limit) throws IOException {
        checkLimit(limit);
        try (IdxReader reader = IdxReader.open(file)) {
            int count = reader.header(1, "label")[0];
            int keep = Math.min(limit, count);
            byte[] bytes = reader.body(count, keep, count + " labels");
            int[] labels = new int[keep];
            for (int i = 0; i < keep; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return new Labels(labels, count);
        }
    }

    /**
     * Reads a split of an MNIST-style data set from {@code dir}: the files
     * {@code <split>-images-idx3-ubyte} and {@code <split>-labels-idx1-ubyte}, each raw or with
     * {@code .gz} (see {@link #locate}). Images become {@code [N, 1, rows, cols]} float32 with
     * {@code (p / 255 - mean) / std} per pixel, computed in float32 in that order (bit for bit
     * PyTorch's {@code (x / 255.0 - mean) / std}; see {@link IdxImages#toTensor}).
     *
     * @param split {@link #TRAIN} or {@link #TEST}
     * @param limit keep the first {@code limit} images and labels, at least 1; {@link #ALL} for all
     * @param mean subtracted after scaling to [0, 1] (0 for none)
     * @param std divided by last (1 for none); positive
     * @throws IllegalArgumentException on an unknown split, a limit below 1, or a bad mean or std
     * @throws NoSuchFileException naming the file names tried, if a file is missing
     * @throws IdxFormatException if a file is invalid, or the two files hold different counts
     */
    public static ImageSet readSplit(Path dir, String split, int limit, float mean, float std) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (!TRAIN.equals(split) && !TEST.equals(split)) {
            throw new IllegalArgumentException("Idx.readSplit: split must be \"" + TRAIN + "\" or \"" + TEST
                    + "\", got " + (split == null ? "null" : "\"" + split + "\""));
        }
        checkLimit(limit);
        IdxImages.normalisation(mean, std); // check before reading anything
        Path imagesFile = locate(dir, split + "-images-idx3-ubyte");
        Path labelsFile = locate(dir, split + "-labels-idx1-ubyte");
        IdxImages images = readImages(imagesFile, limit);
        Labels labels = labels(labelsFile, limit);
        if (images.fileCount() != labels.fileCount()) {
            throw new IdxFormatException(labelsFile, "holds " + labels.fileCount() + " labels but " + imagesFile
                    + " holds " + images.fileCount() + " images; they must be of the same split");
        }
        return new ImageSet(images.toTensor(mean, std), labels.values());
    }

    /**
     * Reads the samples {@code [from, to)} of a split, as {@link #readSplit(Path, String, int, float, float)}
     * decoding the first {@code to} and keeping the range: one shard of a data-parallel run ({@link Shards}).
     *
     * @param from at least 0
     * @param to above {@code from}, at most the split's size
     * @throws IllegalArgumentException if the range is empty or past the split's end
     */
    public static ImageSet readSplit(Path dir, String split, int from, int to, float mean, float std)
            throws IOException {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("Idx.readSplit: need 0 <= from < to, got [" + from + ", " + to + ")");
        }
        ImageSet first = readSplit(dir, split, to, mean, std);
        if (first.size() < to) {
            throw new IllegalArgumentException("Idx.readSplit: samples [" + from + ", " + to + ") of " + split + " in "
                    + dir + ", which holds " + first.size());
        }
        int[] d = first.images().shape().dims();
        int image = d[1] * d[2] * d[3];
        return new ImageSet(Tensor.wrap(Arrays.copyOfRange(first.images().data(), from * image, to * image),
                Shape.of(to - from, d[1], d[2], d[3])), Arrays.copyOfRange(first.labels(), from, to));
    }

    /**
     * The number of samples in a split (its label file's header; the file is read through and checked).
     *
     * @throws NoSuchFileException if the label file is missing
     */
    public static int count(Path dir, String split) throws IOException {
        return labels(locate(dir, split + "-labels-idx1-ubyte"), ALL).fileCount();
    }

    /**
     * The file {@code dir/name}, raw, or else {@code dir/name.gz}.
     *
     * @throws NoSuchFileException naming both candidates if neither is a regular file
     */
    public static Path locate(Path dir, String name) throws NoSuchFileException {
        for (Path candidate : List.of(dir.resolve(name), dir.resolve(name + ".gz"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new NoSuchFileException(dir.resolve(name).toString(), null,
                "neither it nor " + name + ".gz is in " + dir);
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 (Idx.ALL for everything), got " + limit);
        }
    }
}
