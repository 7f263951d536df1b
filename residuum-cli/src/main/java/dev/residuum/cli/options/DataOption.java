package dev.residuum.cli.options;

import dev.residuum.data.DataSource;
import java.io.IOException;
import picocli.CommandLine.Option;

/**
 * {@code --data sample|fashion-mnist|DIR}: where a command's images come from (see
 * {@link DataSource}); {@code sample} by default, so that a command runs on a machine with nothing
 * but a JDK and Maven.
 */
public final class DataOption {
    /** What {@code --data} means when absent. */
    public static final String DEFAULT = DataSource.SAMPLE;

    @Option(names = "--data", paramLabel = "sample|fashion-mnist|DIR", defaultValue = DEFAULT,
            description = "Images: the shipped sample, Debian's full Fashion-MNIST, or a folder of IDX files "
                    + "(default ${DEFAULT-VALUE}).")
    String spec = DEFAULT;

    /** What was given. */
    public String spec() {
        return spec;
    }

    /**
     * The data source, checked to hold both splits.
     *
     * @throws java.nio.file.NoSuchFileException one line saying what is missing and how to get it
     */
    public DataSource resolve() throws IOException {
        return DataSource.resolve(spec);
    }

    /**
     * The data source, checked to hold the given splits ({@code Idx.TEST} alone for an evaluation).
     *
     * @throws java.nio.file.NoSuchFileException one line saying what is missing and how to get it
     */
    public DataSource resolve(String... splits) throws IOException {
        return DataSource.resolve(spec, splits);
    }
}
