package dev.residuum.data;

import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CSV table of images, one image a row, in the layout of Kaggle's Fashion-MNIST CSV files: a
 * header whose first column is {@code label}, then {@code P = H * W} pixel columns (any names,
 * such as {@code pixel1 ... pixel784}) holding the image in row-major order; square images of one
 * channel ({@code H = W = sqrt(P)}); every label an integer in 0..255 and every pixel an integer in
 * 0..255, no quoting. Pixels are normalised as IDX images are ({@code (p / 255 - mean) / std} in
 * float32, {@link Idx#readSplit}), so a table written from an IDX split reads back bit for bit.
 * A data folder holds {@code train.csv} and {@code t10k.csv} ({@link #file}).
 */
public final class ImageTable {
    private ImageTable() {
    }

    /** The table of a split in {@code dir}: {@code <split>.csv}. */
    public static Path file(Path dir, String split) {
        return dir.resolve(split + ".csv");
    }

    /**
     * Rows (images) in the table, the header apart.
     *
     * @throws CsvFormatException if the header is not {@code label} then a square number of columns
     */
    public static int count(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            side(file, in.readLine());
            int rows = 0;
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank()) {
                    rows++;
                }
            }
            return rows;
        }
    }

    /**
     * Reads the images of rows {@code [from, to)} (0 = the first row after the header).
     *
     * @param mean subtracted after scaling to [0, 1]
     * @param std divided by last; positive
     * @return images {@code [to - from, 1, H, W]} and their labels
     * @throws CsvFormatException naming the file, the line and the column of a bad cell, or a
     *     range past the end
     */
    public static ImageSet read(Path file, int from, int to, float mean, float std) throws IOException {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("ImageTable.read: need 0 <= from < to, got [" + from + ", " + to + ")");
        }
        float[] table = IdxImages.normalisation(mean, std);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int side = side(file, in.readLine());
            int pixels = side * side, n = to - from;
            float[] images = new float[n * pixels];
            int[] labels = new int[n];
            int row = 0, line = 1;
            for (String text; row < to && (text = in.readLine()) != null; ) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                if (row >= from) {
                    String[] cells = text.split(",", -1);
                    if (cells.length != pixels + 1) {
                        throw new CsvFormatException(file + ": line " + line + " has " + cells.length
                                + " cells, the header " + (pixels + 1));
                    }
                    int i = row - from;
                    labels[i] = cell(file, line, 0, cells[0]);
                    for (int p = 0; p < pixels; p++) {
                        images[i * pixels + p] = table[cell(file, line, p + 1, cells[p + 1])];
                    }
                }
                row++;
            }
            if (row < to) {
                throw new CsvFormatException(file + ": rows [" + from + ", " + to + ") asked for, the table has " + row);
            }
            return new ImageSet(Tensor.wrap(images, Shape.of(n, 1, side, side)), labels);
        }
    }

    private static int side(Path file, String header) {
        if (header == null) {
            throw new CsvFormatException(file + ": empty; expected a header 'label,pixel1,...'");
        }
        String[] names = header.split(",", -1);
        int pixels = names.length - 1;
        int side = (int) Math.round(Math.sqrt(pixels));
        if (!names[0].strip().equals("label") || pixels < 1 || side * side != pixels) {
            throw new CsvFormatException(file + ": line 1 must be 'label' and then H x W pixel columns of a square"
                    + " image, got " + names.length + " columns starting '" + CsvTable.abbreviate(names[0]) + "'");
        }
        return side;
    }

    private static int cell(Path file, int line, int column, String text) {
        String s = text.strip();
        int v = -1;
        if (!s.isEmpty() && s.length() <= 3 && s.chars().allMatch(Character::isDigit)) {
            v = Integer.parseInt(s);
        }
        if (v < 0 || v > 255) {
            throw new CsvFormatException(file + ": line " + line + ", column " + (column + 1) + ": '"
                    + CsvTable.abbreviate(s) + "' is not an integer in 0..255");
        }
        return v;
    }
}
