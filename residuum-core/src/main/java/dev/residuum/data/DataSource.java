package dev.residuum.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a run's MNIST-style images come from, resolved from what a user types:
 * {@code sample} (the 2 000 / 1 000 image Fashion-MNIST sample shipped in the project's
 * {@code data/fashion-mnist-sample}), {@code fashion-mnist} (the full set of Debian's
 * {@code dataset-fashion-mnist} in {@link FashionMnist#DEFAULT_DIR}) or any folder holding
 * {@code train-*} and {@code t10k-*} IDX files.
 *
 * <p>The sample is looked for under the directory named by the system property
 * {@code residuum.home} (the launcher {@code bin/residuum} sets it), then in the working
 * directory and each of its parents.
 *
 * @param name what was asked for ({@code sample}, {@code fashion-mnist} or the folder as typed)
 * @param dir the folder holding the IDX files (checked to hold both splits)
 */
public record DataSource(String name, Path dir) {
    /** Name of the shipped sample. */
    public static final String SAMPLE = "sample";
    /** Name of the full Fashion-MNIST set installed by Debian's package. */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** The sample's folder relative to the project root. */
    public static final Path SAMPLE_DIR = Path.of("data", "fashion-mnist-sample");

    public DataSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dir, "dir");
    }

    /**
     * Resolves {@code spec} and checks that the folder holds both splits.
     *
     * @throws NoSuchFileException with a one-line message saying what is missing and how to get it
     */
    public static DataSource resolve(String spec) throws IOException {
        return resolve(spec, Idx.TRAIN, Idx.TEST);
    }

    /**
     * Resolves {@code spec} and checks that the folder holds the given splits ({@link Idx#TEST}
     * alone for an evaluation).
     *
     * @param splits {@link Idx#TRAIN} and / or {@link Idx#TEST}
     * @throws NoSuchFileException with a one-line message saying what is missing and how to get it
     */
    public static DataSource resolve(String spec, String... splits) throws IOException {
        Objects.requireNonNull(spec, "spec");
        String s = spec.trim();
        DataSource source;
        if (s.equals(SAMPLE)) {
            source = new DataSource(SAMPLE, findSample());
        } else if (s.equals(FASHION_MNIST)) {
            source = new DataSource(FASHION_MNIST, FashionMnist.DEFAULT_DIR);
            if (!Files.isDirectory(source.dir())) {
                throw new NoSuchFileException(source.dir().toString(), null, "Fashion-MNIST is not installed;"
                        + " install it with 'apt-get install dataset-fashion-mnist', or use --data sample or --data DIR");
            }
        } else {
            source = new DataSource(s, Path.of(s));
            if (!Files.isDirectory(source.dir())) {
                throw new NoSuchFileException(s, null, "--data expects 'sample', 'fashion-mnist' or a folder of IDX"
                        + " files, got a path that is not a folder");
            }
        }
        for (String split : splits) {
            Idx.locate(source.dir(), split + "-images-idx3-ubyte");
            Idx.locate(source.dir(), split + "-labels-idx1-ubyte");
        }
        return source;
    }

    /**
     * Reads a split normalised with Fashion-MNIST's mean and standard deviation.
     *
     * @param split {@link Idx#TRAIN} or {@link Idx#TEST}
     * @param limit the first {@code limit} images, at least 1, or {@link Idx#ALL}
     */
    public ImageSet read(String split, int limit) throws IOException {
        return Idx.readSplit(dir, split, limit, FashionMnist.MEAN, FashionMnist.STD);
    }

    private static Path findSample() throws NoSuchFileException {
        String home = System.getProperty("residuum.home");
        if (home != null && Files.isDirectory(Path.of(home).resolve(SAMPLE_DIR))) {
            return Path.of(home).resolve(SAMPLE_DIR);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve(SAMPLE_DIR))) {
                return d.resolve(SAMPLE_DIR);
            }
        }
        throw new NoSuchFileException(SAMPLE_DIR.toString(), null, "the shipped sample was not found under"
                + " -Dresiduum.home or the working directory and its parents; run from the project folder,"
                + " or use --data fashion-mnist or --data DIR");
    }
}
