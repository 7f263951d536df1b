package dev.residuum.spark;

import dev.residuum.data.FashionMnist;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.data.ImageTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A data folder as the executors read it, through Hadoop's file systems ({@code hdfs://},
 * {@code file://}, a plain local path, or any scheme on the classpath, configured by the
 * {@code core-site.xml} Hadoop finds): either IDX files ({@code train-images-idx3-ubyte[.gz]},
 * {@code train-labels-idx1-ubyte[.gz]} and the {@code t10k-} pair, {@link Idx}) or CSV tables of
 * images ({@code train.csv} and {@code t10k.csv}, {@link ImageTable}); normalised with
 * Fashion-MNIST's mean and standard deviation, as every {@code train}. A file on another file
 * system is first copied to a local temporary file (IDX may be gzipped, which cannot be read
 * from the middle), read, and deleted.
 *
 * @param folder the folder's URI or local path, as given
 * @param format which of the two layouts it holds
 */
public record ImageFiles(String folder, Format format) implements Serializable {
    /** The two layouts of a data folder. */
    public enum Format {
        /** MNIST's IDX files ({@link Idx}), raw or gzipped. */
        IDX,
        /** CSV tables of images ({@link ImageTable}). */
        CSV
    }

    public ImageFiles {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(format, "format");
    }

    /**
     * The folder and the layout it holds (IDX when its training images are there, else CSV).
     *
     * @throws NoSuchFileException naming the files looked for, when it holds neither
     */
    public static ImageFiles locate(String folder) throws IOException {
        for (String name : List.of(Idx.TRAIN + "-images-idx3-ubyte", Idx.TRAIN + "-images-idx3-ubyte.gz")) {
            if (exists(folder, name)) {
                return new ImageFiles(folder, Format.IDX);
            }
        }
        if (exists(folder, Idx.TRAIN + ".csv")) {
            return new ImageFiles(folder, Format.CSV);
        }
        throw new NoSuchFileException(folder, null, "holds neither " + Idx.TRAIN + "-images-idx3-ubyte[.gz] (IDX) nor "
                + Idx.TRAIN + ".csv (a CSV table of images)");
    }

    /** Samples in {@code split} ({@link Idx#TRAIN} or {@link Idx#TEST}). */
    public int count(String split) throws IOException {
        return withLocal(split, dir -> format == Format.IDX ? Idx.count(dir, split)
                : ImageTable.count(ImageTable.file(dir, split)));
    }

    /** The samples {@code [from, to)} of {@code split}. */
    public ImageSet read(String split, int from, int to) throws IOException {
        return withLocal(split, dir -> format == Format.IDX
                ? Idx.readSplit(dir, split, from, to, FashionMnist.MEAN, FashionMnist.STD)
                : ImageTable.read(ImageTable.file(dir, split), from, to, FashionMnist.MEAN, FashionMnist.STD));
    }

    /** What {@link #withLocal} does with a local folder holding the split's files. */
    private interface LocalRead<T> {
        T apply(java.nio.file.Path dir) throws IOException;
    }

    /** Runs {@code read} on a local folder holding the split's files: the folder itself, or a temporary copy. */
    private <T> T withLocal(String split, LocalRead<T> read) throws IOException {
        Path root = new Path(folder);
        FileSystem fs = root.getFileSystem(new Configuration());
        if (fs.getUri().getScheme() == null || fs.getUri().getScheme().equals("file")) {
            return read.apply(java.nio.file.Path.of(URI.create(fs.makeQualified(root).toUri().toString())));
        }
        java.nio.file.Path tmp = Files.createTempDirectory("residuum-data");
        try {
            for (String name : names(split)) {
                Path p = new Path(root, name);
                if (fs.exists(p)) {
                    try (InputStream in = fs.open(p)) {
                        Files.copy(in, tmp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return read.apply(tmp);
        } finally {
            try (var files = Files.list(tmp)) {
                for (java.nio.file.Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }

    private List<String> names(String split) {
        if (format == Format.CSV) {
            return List.of(split + ".csv");
        }
        String images = split + "-images-idx3-ubyte", labels = split + "-labels-idx1-ubyte";
        return List.of(images, images + ".gz", labels, labels + ".gz");
    }

    private static boolean exists(String folder, String name) throws IOException {
        Path root = new Path(folder);
        return root.getFileSystem(new Configuration()).exists(new Path(root, name));
    }

    /** {@link #read} for lambdas that cannot throw {@link IOException}. */
    ImageSet readUnchecked(String split, int from, int to) {
        try {
            return read(split, from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
