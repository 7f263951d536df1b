package dev.residuum.optim;

import java.util.Arrays;
import java.util.Objects;

/**
 * Learning rate as a function of training progress, in closed form. {@code epoch} may be
 * fractional ({@code epoch + stepInEpoch / stepsPerEpoch}) for per-step schedules; integer
 * epochs reproduce PyTorch's schedulers stepped once per epoch.
 */
public sealed interface LrSchedule {
    /** The schedule {@link #parse} reads when none is given: He et al.'s steps. */
    String DEFAULT = "multistep";

    /** The learning rate at {@code epoch} for base rate {@code baseLr}. */
    double lr(double baseLr, double epoch);

    /**
     * A schedule as the CLI's {@code --schedule} spells it: {@code constant}, {@code cosine}
     * (to 0 over the epochs after the warm-up), {@code multistep} (the rate / 10 at 50% and 75% of
     * them) or {@code multistep:F,F,...} (at the given fractions), behind {@code warmupEpochs} of
     * linear warm-up from a tenth of the rate.
     *
     * @param epochs the run's epochs (at least 1)
     * @param warmupEpochs in {@code [0, epochs)}
     * @throws IllegalArgumentException naming the option and what it accepts
     */
    static LrSchedule parse(String spec, int epochs, int warmupEpochs) {
        Objects.requireNonNull(spec, "spec");
        if (warmupEpochs < 0 || warmupEpochs >= epochs) {
            throw new IllegalArgumentException("--warmup-epochs must be in [0, --epochs), got " + warmupEpochs);
        }
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        int after = epochs - warmupEpochs;
        LrSchedule base;
        if (s.equals("constant")) {
            base = new Constant();
        } else if (s.equals("cosine")) {
            base = new Cosine(after, 0);
        } else if (s.equals("multistep")) {
            base = MultiStep.heEtAl(after);
        } else if (s.startsWith("multistep:")) {
            String list = s.substring("multistep:".length());
            double[] fractions;
            try {
                fractions = Arrays.stream(list.split(",")).mapToDouble(f -> Double.parseDouble(f.trim())).toArray();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--schedule multistep:F,... expects fractions like 0.5,0.75, got '"
                        + list + "'");
            }
            try {
                base = MultiStep.atFractions(after, 0.1, fractions);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--schedule: " + e.getMessage());
            }
        } else {
            throw new IllegalArgumentException("--schedule must be multistep[:F,...], cosine or constant, got '" + spec
                    + "'");
        }
        return Warmup.fromTenth(warmupEpochs, base);
    }

    /** The base rate throughout. */
    record Constant() implements LrSchedule {
        @Override
        public double lr(double baseLr, double epoch) {
            return baseLr;
        }
    }

    /** {@code StepLR}: multiply by {@code gamma} every {@code stepSize} epochs. */
    record Step(int stepSize, double gamma) implements LrSchedule {
        public Step {
            if (stepSize < 1) {
                throw new IllegalArgumentException("Step schedule: stepSize must be >= 1, got " + stepSize);
            }
        }

        @Override
        public double lr(double baseLr, double epoch) {
            return baseLr * Math.pow(gamma, Math.floor(epoch / stepSize));
        }
    }

    /** {@code MultiStepLR}: multiply by {@code gamma} at each milestone epoch. */
    record MultiStep(int[] milestones, double gamma) implements LrSchedule {
        private static final double[] HE_FRACTIONS = {0.5, 0.75};

        /** He et al.'s steps: the rate / 10 at half and at three quarters of {@code epochs}. */
        public static MultiStep heEtAl(int epochs) {
            return atFractions(epochs, 0.1, HE_FRACTIONS);
        }

        /**
         * Multiply by {@code gamma} at the given fractions of {@code epochs}: milestones rounded,
         * increasing, at least one epoch apart.
         *
         * @param fractions each in (0, 1)
         */
        public static MultiStep atFractions(int epochs, double gamma, double... fractions) {
            int[] m = new int[fractions.length];
            int last = 0;
            for (int i = 0; i < m.length; i++) {
                if (!(fractions[i] > 0 && fractions[i] < 1)) {
                    throw new IllegalArgumentException("MultiStep schedule: fractions must be in (0, 1), got "
                            + fractions[i]);
                }
                m[i] = Math.max(last + 1, (int) Math.round(fractions[i] * epochs));
                last = m[i];
            }
            return new MultiStep(m, gamma);
        }

        public MultiStep {
            milestones = milestones.clone();
            for (int i = 1; i < milestones.length; i++) {
                if (milestones[i] <= milestones[i - 1]) {
                    throw new IllegalArgumentException("MultiStep schedule: milestones must increase, got "
                            + Arrays.toString(milestones));
                }
            }
        }

        @Override
        public double lr(double baseLr, double epoch) {
            int passed = 0;
            for (int m : milestones) {
                if (epoch >= m) {
                    passed++;
                }
            }
            return baseLr * Math.pow(gamma, passed);
        }

        @Override
        public int[] milestones() {
            return milestones.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MultiStep m && Arrays.equals(milestones, m.milestones) && gamma == m.gamma;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(milestones) + Double.hashCode(gamma);
        }

        @Override
        public String toString() {
            return "MultiStep[milestones=" + Arrays.toString(milestones) + ", gamma=" + gamma + "]";
        }
    }

    /**
     * {@code CosineAnnealingLR}: from the base rate to {@code etaMin} over {@code tMax} epochs;
     * past {@code tMax} the cosine continues (rising again, period {@code 2 tMax}), as PyTorch's.
     */
    record Cosine(double tMax, double etaMin) implements LrSchedule {
        public Cosine {
            if (!(tMax > 0)) {
                throw new IllegalArgumentException("Cosine schedule: tMax must be > 0, got " + tMax);
            }
        }

        @Override
        public double lr(double baseLr, double epoch) {
            return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
        }
    }

    /**
     * Linear warm-up ({@code LinearLR} from {@code startFactor} to 1 over {@code epochs}), then
     * {@code after} counted from the end of the warm-up (as {@code SequentialLR} does).
     */
    record Warmup(double epochs, double startFactor, LrSchedule after) implements LrSchedule {
        /** {@code after} behind {@code epochs} of warm-up from a tenth of the rate, or {@code after} itself for 0. */
        public static LrSchedule fromTenth(int epochs, LrSchedule after) {
            return epochs > 0 ? new Warmup(epochs, 0.1, after) : after;
        }

        public Warmup {
            Objects.requireNonNull(after, "after");
            if (!(epochs > 0) || !(startFactor > 0 && startFactor <= 1)) {
                throw new IllegalArgumentException("Warmup: epochs must be > 0 and startFactor in (0, 1], got "
                        + epochs + ", " + startFactor);
            }
        }

        @Override
        public double lr(double baseLr, double epoch) {
            if (epoch < epochs) {
                return baseLr * (startFactor + (1 - startFactor) * epoch / epochs);
            }
            return after.lr(baseLr, epoch - epochs);
        }
    }
}
