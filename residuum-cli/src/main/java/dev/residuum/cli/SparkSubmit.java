package dev.residuum.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The entry point for {@code spark-submit}: the CLI with {@code --spark} set to the master that
 * spark-submit chose ({@code spark.master}), unless the arguments give one.
 *
 * <pre>
 * spark-submit --master spark://host:7077 --class dev.residuum.cli.SparkSubmit \
 *     residuum-cli/target/residuum-cli.jar train --data /shared/fashion-mnist --epochs 10 --out /shared/runs/r1
 * </pre>
 */
public final class SparkSubmit {
    private SparkSubmit() {
    }

    /** Runs {@code residuum ARGS} with the master added, and exits with its status. */
    public static void main(String[] args) {
        List<String> given = new ArrayList<>(List.of(args));
        if (!given.contains("--spark")) {
            String master = System.getProperty("spark.master");
            if (master == null) {
                System.err.println("residuum: no Spark master: run this class with spark-submit --master ..., or give"
                        + " --spark MASTER");
                System.exit(2);
            }
            given.add("--spark");
            given.add(master);
        }
        System.exit(Main.run(given.toArray(new String[0])));
    }
}
