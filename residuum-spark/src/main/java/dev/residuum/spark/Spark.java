package dev.residuum.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Spark context for Residuum's training: local mode ({@code local[N]}, {@code local[N,R]}) or
 * any master URL, with the web UI and the console progress bar off (progress is Residuum's own),
 * task results up to 64 MB sent directly, broadcasts uncompressed and without Adler-32 checksums,
 * and in local mode the driver bound to the loopback address and no locality wait. Settings given to spark-submit win.
 */
public final class Spark {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:\\s*,\\s*(\\d+))?])?");

    private Spark() {
    }

    /**
     * Threads of a {@code local[...]} master ({@code local}: 1; {@code local[*]}: the processors),
     * or -1 for a cluster master.
     *
     * @throws IllegalArgumentException if {@code master} starts with "local" but is not one of
     *     Spark's local forms
     */
    public static int localThreads(String master) {
        if (!master.startsWith("local")) {
            return -1;
        }
        Matcher m = LOCAL.matcher(master);
        if (!m.matches()) {
            throw new IllegalArgumentException("--spark: '" + master + "' is not local, local[N] or local[N,RETRIES]");
        }
        if (m.group(1) == null) {
            return 1;
        }
        return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
    }

    /**
     * Starts a context.
     *
     * @param master a master URL, or null for the one spark-submit set ({@code spark.master})
     */
    public static JavaSparkContext start(String master, String appName) {
        SparkConf conf = new SparkConf().setAppName(appName)
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", "false")
                // a step's partial gradient (4 bytes a parameter, ~1.1 MB for ResNet-20) comes back in
                // the task's status message, not through the block manager (a second round-trip)
                .setIfMissing("spark.task.maxDirectResultSize", "64m")
                // float weights do not compress; lz4 on them only costs time on each step's broadcast
                .setIfMissing("spark.broadcast.compress", "false")
                // nor need an Adler-32 pass over every weight per step (TCP checks the transfer)
                .setIfMissing("spark.broadcast.checksum", "false");
        if (master != null) {
            conf.setMaster(master);
            if (localThreads(master) > 0) {
                conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1")
                        // one executor holds every cached partition: never wait for a "better" slot
                        .setIfMissing("spark.locality.wait", "0");
            }
        }
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        return sc;
    }
}
