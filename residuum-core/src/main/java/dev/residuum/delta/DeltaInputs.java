package dev.residuum.delta;

import dev.residuum.data.CsvTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV table turned into Δ-learning samples ({@code residuum delta fit} reads its table so): feature columns first,
 * then the baseline's input columns; rows of one {@code --group} value gathered into one sample;
 * the split; and the baseline (for {@code sir}, fitted on the training samples, which also gives
 * the derived feature columns {@code sir_s}, {@code sir_i}, {@code sir_r}: the fitted S, I, R as
 * fractions of the population).
 *
 * @param data samples, rows {@code [features..., baseline inputs...]}
 * @param features feature column indices ({@code 0 .. F-1})
 * @param baseline the baseline, reading columns {@code F ..}
 * @param sampleIds one label per sample (the group value, or the 1-based row number)
 * @param split train/test samples
 * @param sir the fitted SIR model, or null
 * @param time the time of each sample for a time-series chart, or null
 */
public record DeltaInputs(DeltaData data, int[] features, Baseline baseline, String[] sampleIds, Split split, SirModel sir,
                   double[] time) {
    /** Derived SIR feature names. */
    public static final List<String> SIR_FEATURES = List.of("sir_s", "sir_i", "sir_r");

    /**
     * What to read from the table and how to split it.
     *
     * @param target the column to predict
     * @param features the correction's feature columns (for {@code sir}, also {@link #SIR_FEATURES})
     * @param group rows with equal values here form one sample (size-extensive mode), or null
     * @param baselineColumn a column of precomputed baseline values, or null
     * @param baseline {@code "sir"} or {@code "cbs"} when {@code baselineColumn} is null
     * @param time sir: the time column
     * @param population sir: the population N
     * @param t0 sir: start time
     * @param i0 sir: infected at the start time
     * @param cbsColumns cbs: the energies in the two basis sets
     * @param cardinals cbs: the cardinal numbers of the two basis sets
     * @param trainSize training samples of a random split, or null for {@code trainFraction}
     * @param trainFraction fraction of samples for training when {@code trainSize} is null
     * @param testLast hold out the last K samples instead of a random split, or null
     * @param seed seed of the random split
     */
    public record Spec(String target, List<String> features, String group, String baselineColumn, String baseline,
                       String time, Double population, double t0, double i0, List<String> cbsColumns,
                       List<Integer> cardinals, Integer trainSize, double trainFraction, Integer testLast, long seed) {
    }

    /**
     * Reads the samples {@code o} describes from {@code table}, splits them, and builds (for
     * {@code sir}: fits on the training samples) the baseline.
     *
     * @throws IllegalArgumentException naming the file, row, line and column, or the option, at fault
     */
    public static DeltaInputs of(CsvTable table, Spec o) {
        List<String> features = o.features();
        List<String> baselineColumns = new ArrayList<>();
        if (o.baselineColumn() != null) {
            baselineColumns.add(o.baselineColumn());
        } else if (o.baseline().equals("cbs")) {
            if (o.cbsColumns() == null || o.cbsColumns().size() != 2) {
                throw new IllegalArgumentException("--baseline cbs needs --cbs-columns E_X,E_Y (the correlation energies in the"
                        + " two basis sets)");
            }
            baselineColumns.addAll(o.cbsColumns());
        } else {
            if (o.time() == null || o.population() == null) {
                throw new IllegalArgumentException("--baseline sir needs --time COL and --population N");
            }
            if (!(o.population() > 0)) {
                throw new IllegalArgumentException("--population must be positive, got " + o.population());
            }
            baselineColumns.add(o.time());
        }
        // read every column we need (errors name file, row, column)
        Map<String, double[]> cols = new LinkedHashMap<>();
        double[] target = table.numbers(o.target(), "target");
        for (String f : features) {
            if (o.baseline() != null && o.baseline().equals("sir") && SIR_FEATURES.contains(f) && !table.has(f)) {
                continue;
            }
            double[] v = table.numbers(f, "feature");
            table.requireVarying(f, v);
            cols.put(f, v);
        }
        for (String b : baselineColumns) {
            cols.put("baseline:" + b, table.numbers(b, "baseline"));
        }
        // samples: rows grouped by --group (in order of first appearance) or one per row
        int n = table.rows();
        List<List<Integer>> groups = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        if (o.group() != null) {
            String[] g = table.text(o.group());
            Map<String, List<Integer>> byId = new LinkedHashMap<>();
            for (int r = 0; r < n; r++) {
                if (g[r].isEmpty()) {
                    throw new IllegalArgumentException(table.source() + ": row " + (r + 1) + " (line " + table.line(r) + "), group column '"
                            + o.group() + "': empty cell");
                }
                byId.computeIfAbsent(g[r], k -> new ArrayList<>()).add(r);
            }
            byId.forEach((id, rows) -> {
                ids.add(id);
                groups.add(rows);
            });
        } else {
            for (int r = 0; r < n; r++) {
                groups.add(List.of(r));
                ids.add(Integer.toString(r + 1));
            }
        }
        int samples = groups.size();
        double[] y = new double[samples];
        int[] sizes = new int[samples];
        for (int s = 0; s < samples; s++) {
            List<Integer> rows = groups.get(s);
            sizes[s] = rows.size();
            y[s] = target[rows.get(0)];
            for (int r : rows) {
                sameInGroup(table, o, "target", o.target(), target, rows.get(0), r);
                for (String b : baselineColumns) {
                    double[] v = cols.get("baseline:" + b);
                    sameInGroup(table, o, "baseline", b, v, rows.get(0), r);
                }
            }
        }
        Split split = split(samples, o);
        // the SIR baseline is fitted on the training samples only
        SirModel sir = null;
        double[] time = null;
        if (o.baseline() != null && o.baseline().equals("sir")) {
            double[] t = cols.get("baseline:" + o.time());
            time = new double[samples];
            for (int s = 0; s < samples; s++) {
                time[s] = t[groups.get(s).get(0)];
            }
            int[] train = split.train();
            double[] tt = new double[train.length];
            double[] yy = new double[train.length];
            for (int i = 0; i < train.length; i++) {
                tt[i] = time[train[i]];
                yy[i] = y[train[i]];
                if (tt[i] < o.t0()) {
                    throw new IllegalArgumentException(table.source() + ": time column '" + o.time() + "' has " + tt[i]
                            + ", before the SIR start --t0 " + o.t0());
                }
            }
            sir = SirFit.fit(tt, yy, o.population(), o.t0(), o.i0());
            double[][] states = sir.states(t);
            for (int k = 0; k < 3; k++) {
                double[] v = new double[n];
                for (int r = 0; r < n; r++) {
                    v[r] = states[r][k] / o.population();
                }
                if (features.contains(SIR_FEATURES.get(k)) && !table.has(SIR_FEATURES.get(k))) {
                    cols.put(SIR_FEATURES.get(k), v);
                }
            }
        }
        // rows: features, then baseline inputs, regrouped so that each sample's rows are contiguous
        int f = features.size();
        double[][] rows = new double[n][];
        int k = 0;
        for (List<Integer> g : groups) {
            for (int r : g) {
                double[] row = new double[f + baselineColumns.size()];
                for (int j = 0; j < f; j++) {
                    row[j] = cols.get(features.get(j))[r];
                }
                for (int j = 0; j < baselineColumns.size(); j++) {
                    row[f + j] = cols.get("baseline:" + baselineColumns.get(j))[r];
                }
                rows[k++] = row;
            }
        }
        int[] featureIdx = new int[f];
        for (int j = 0; j < f; j++) {
            featureIdx[j] = j;
        }
        Baseline baseline;
        if (o.baselineColumn() != null) {
            baseline = Baseline.column(f);
        } else if (o.baseline().equals("cbs")) {
            if (o.cardinals().size() != 2) {
                throw new IllegalArgumentException("--cardinals needs two cardinal numbers X,Y, got " + o.cardinals());
            }
            baseline = new CbsExtrapolation(o.cardinals().get(0), o.cardinals().get(1), f, f + 1);
        } else {
            baseline = new SirBaseline(sir, f);
        }
        return new DeltaInputs(DeltaData.grouped(rows, sizes, y), featureIdx, baseline, ids.toArray(new String[0]), split,
                sir, time);
    }

    private static void sameInGroup(CsvTable table, Spec o, String role, String column, double[] v, int first,
                                    int r) {
        if (v[r] != v[first]) {
            throw new IllegalArgumentException(table.source() + ": row " + (r + 1) + " (line " + table.line(r) + "), " + role + " column '"
                    + column + "': " + v[r] + " differs from " + v[first] + " in row " + (first + 1) + " of the same group '"
                    + o.group() + "' (a sample-level value must repeat on every component row)");
        }
    }

    private static Split split(int samples, Spec o) {
        if (samples < 2) {
            throw new IllegalArgumentException("need at least 2 samples to split into training and test sets, got " + samples);
        }
        if (o.testLast() != null) {
            if (o.testLast() < 1 || o.testLast() >= samples) {
                throw new IllegalArgumentException("--test-last must be between 1 and " + (samples - 1) + ", got " + o.testLast());
            }
            return Split.last(samples, o.testLast());
        }
        int train;
        if (o.trainSize() != null) {
            train = o.trainSize();
        } else {
            if (!(o.trainFraction() > 0 && o.trainFraction() < 1)) {
                throw new IllegalArgumentException("--train-fraction must be in (0, 1), got " + o.trainFraction());
            }
            train = (int) Math.round(o.trainFraction() * samples);
            train = Math.max(1, Math.min(samples - 1, train));
        }
        if (train < 1 || train >= samples) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--train-size must be between 1 and %d (%d samples; the rest is the test set), got %d", samples - 1,
                    samples, train));
        }
        return Split.random(samples, train, o.seed());
    }
}
