package dev.residuum.cli.options;

import dev.residuum.continual.AdapterStore;
import dev.residuum.continual.LoraConfig;
import dev.residuum.continual.TargetModules;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Module;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.spark.ModelFactory;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --adapter-rank R}, {@code --adapter-alpha A}, {@code --adapter-targets M,..}: train only a
 * LoRA adapter (PEFT's rule: {@code lora_alpha}, {@code target_modules}) on the frozen model, with
 * one default and one check each.
 */
public final class AdapterOption {
    /** The run folder's PEFT-format adapter folder. */
    public static final String DIR = "adapter";
    /** The adapter's name in the model (PEFT's default). */
    public static final String NAME = "default";
    /** The modules that get the adapter unless {@code --adapter-targets} says otherwise. */
    public static final List<String> DEFAULT_TARGETS = List.of("conv1", "conv2", "fc");

    @Option(names = "--adapter-rank", paramLabel = "R",
            description = "Train only a LoRA adapter of rank R on the frozen model (saved in PEFT's format in DIR/"
                    + DIR + ").")
    Integer rank;

    @Option(names = "--adapter-alpha", paramLabel = "A", description = "The adapter's lora_alpha (default: 2 x R).")
    Double alpha;

    @Option(names = "--adapter-targets", defaultValue = "conv1,conv2,fc", split = ",",
            description = "Modules that get the adapter, PEFT's target_modules rule (default ${DEFAULT-VALUE}).")
    List<String> targets = DEFAULT_TARGETS;

    /**
     * Checks the three options.
     *
     * @throws IllegalArgumentException one line naming the option, the value and what it must be
     */
    public void check() {
        Require.atLeastIfGiven("--adapter-rank", rank, 1);
        Require.positiveIfGiven("--adapter-alpha", alpha);
        if (rank == null && (alpha != null || !targets.equals(DEFAULT_TARGETS))) {
            throw new IllegalArgumentException("--adapter-alpha and --adapter-targets need --adapter-rank");
        }
    }

    /** Whether {@code --adapter-rank} was given. */
    public boolean enabled() {
        return rank != null;
    }

    /** {@code --adapter-rank}, or null. */
    public Integer rank() {
        return rank;
    }

    /** {@code --adapter-alpha}, 2 R when absent. */
    public double alpha() {
        return alpha != null ? alpha : 2.0 * rank;
    }

    /** The adapter's configuration; only with {@link #enabled()}. */
    public LoraConfig config() {
        return LoraConfig.of(rank, alpha(), new TargetModules(List.copyOf(targets), null));
    }

    /**
     * Freezes {@code model} and adds the adapter {@link #NAME} (B = 0: the model's output is unchanged).
     *
     * @param model modified
     * @param seed draws the adapter's A matrices
     * @return the store, or null without {@code --adapter-rank}
     */
    public AdapterStore attach(Module model, long seed) {
        if (rank == null) {
            return null;
        }
        AdapterStore store = new AdapterStore(model, seed);
        store.add(NAME, config());
        return store;
    }

    /**
     * The executors' model on Spark: {@code spec}'s architecture with this adapter (frozen and
     * trainable parameters as on the driver; the values come with every step's weights).
     *
     * @param spec the architecture ({@link CifarResNet.Config#ofSpec}), without the adapter
     */
    public ModelFactory modelFactory(String spec) {
        Integer r = rank; // the factory travels to the executors: it captures values, not this option
        double a = rank == null ? 0 : alpha();
        List<String> t = List.copyOf(targets);
        return () -> {
            CifarResNet m = new CifarResNet(CifarResNet.Config.ofSpec(spec), new Rng(0));
            if (r != null) {
                new AdapterStore(m, 0).add(NAME, LoraConfig.of(r, a, new TargetModules(t, null)));
            }
            return m;
        };
    }

    /** The report's line: rank, alpha and targets. */
    public String describe() {
        return String.format(Locale.ROOT, "LoRA r %d, alpha %s on %s", rank, alpha(), targets);
    }
}
