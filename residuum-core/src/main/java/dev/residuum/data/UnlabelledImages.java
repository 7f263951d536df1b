package dev.residuum.data;

import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Images to run a trained model on, without labels: {@code images} is {@code [N, C, H, W]} float32
 * prepared as in training, {@code names[i]} says where image i came from (its file name, or its
 * index in an IDX file).
 *
 * @param names N names; unmodifiable
 * @param images {@code [N, C, H, W]}
 */
public record UnlabelledImages(List<String> names, Tensor images) {
    public UnlabelledImages {
        names = List.copyOf(names);
        Objects.requireNonNull(images, "images");
        if (images.shape().rank() != 4 || images.shape().dim(0) != names.size()) {
            throw new IllegalArgumentException("UnlabelledImages: images must be [N, C, H, W] with N = " + names.size()
                    + " names, got " + images.shape());
        }
    }

    /** Number of images. */
    public int size() {
        return names.size();
    }

    /**
     * Reads {@code input}, an IDX image file (raw or gzipped) or a folder of PNG files, into
     * {@code [N, channels, height, width]}: pixels scaled to [0, 1] ({@code p / 255}), converted to
     * {@code channels} (grey to RGB by copying; RGB to grey as ITU-R 601 luma,
     * {@code (299 R + 587 G + 114 B) / 1000}, PIL's {@code convert("L")}), resized with
     * {@link Bilinear} when their size differs, then normalised {@code (x - mean) / std} in
     * float32. An IDX file of {@code height x width} images thus gives exactly what
     * {@link Idx#readSplit} gives in training. IDX images are named by their index (from 0), PNG
     * files by their file name, in name order.
     *
     * @param channels 1 (grey) or 3 (RGB)
     * @throws NoSuchFileException if {@code input} does not exist
     * @throws IdxFormatException if a file is not a valid IDX image file
     * @throws ImageFormatException if a PNG is damaged or too large, or the folder holds none
     */
    public static UnlabelledImages read(Path input, int channels, int height, int width, float mean, float std)
            throws IOException {
        Objects.requireNonNull(input, "input");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("UnlabelledImages.read: channels must be 1 or 3, got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("UnlabelledImages.read: size must be positive, got " + height + "x" + width);
        }
        IdxImages.normalisation(mean, std); // checked before anything is read
        if (Files.isDirectory(input)) {
            return PngFolder.read(input, channels, height, width, mean, std);
        }
        if (!Files.isRegularFile(input)) {
            throw new NoSuchFileException(input.toString(), null, "no such IDX file or PNG folder");
        }
        IdxImages idx = Idx.readImages(input);
        int n = idx.count(), rows = idx.rows(), cols = idx.cols();
        long values = (long) n * channels * height * width;
        if (values > Integer.MAX_VALUE - 8) {
            throw new IdxFormatException(input, n + " images of " + channels + "x" + height + "x" + width
                    + " are more values than one array holds; split the file");
        }
        float[] out = new float[(int) values];
        float[] plane = new float[rows * cols];
        int size = channels * height * width;
        for (int i = 0; i < n; i++) {
            for (int r = 0, k = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    plane[k++] = (float) idx.pixel(i, r, c) / 255f;
                }
            }
            float[] resized = Bilinear.resize(plane, 1, rows, cols, height, width);
            for (int ch = 0; ch < channels; ch++) {
                normalise(resized, out, i * size + ch * height * width, mean, std);
            }
        }
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(Integer.toString(i));
        }
        return new UnlabelledImages(names, Tensor.wrap(out, Shape.of(n, channels, height, width)));
    }

    /** {@code out[at + k] = (x[k] - mean) / std}, in float32 as in {@link IdxImages#toTensor}. */
    static void normalise(float[] x, float[] out, int at, float mean, float std) {
        for (int k = 0; k < x.length; k++) {
            out[at + k] = (x[k] - mean) / std;
        }
    }
}
