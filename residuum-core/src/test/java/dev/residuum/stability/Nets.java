package dev.residuum.stability;

import dev.residuum.nn.Linear;
import dev.residuum.nn.Module;
import dev.residuum.nn.Sequential;
import dev.residuum.nn.residual.ResidualBlock;
import dev.residuum.nn.residual.StagedNetwork;
import dev.residuum.kernel.Rng;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/** Small networks of the stability tests, and matrices read off their weights. */
final class Nets {
    private Nets() {
    }

    /** A deep linear residual stack {@code x_{l+1} = x_l + W_l x_l} (no bias, no activation). */
    static final class LinearStack extends Module implements StagedNetwork {
        private final Sequential blocks;

        LinearStack(int width, int depth, boolean zeroInit, Rng rng) {
            List<Module> list = new ArrayList<>();
            for (int l = 0; l < depth; l++) {
                list.add(ResidualBlock.builder().branch(new Linear(width, width, false, rng)).zeroInitLast(zeroInit)
                        .build());
            }
            blocks = child("blocks", new Sequential(list));
        }

        /** Block l's weight W_l. */
        Tensor weight(int l) {
            return ((Linear) ((ResidualBlock) blocks.get(l)).branch()).weight().value();
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            return blocks.forward(x, training);
        }

        @Override
        public Tensor stem(Tensor x, boolean training) {
            return x;
        }

        @Override
        public Map<String, Module> blocks() {
            return blocks.byName("blocks");
        }

        @Override
        public Tensor head(Tensor h, boolean training) {
            return h;
        }
    }

    /** A [rows, cols] tensor as an EJML matrix. */
    static DMatrixRMaj matrix(Tensor w) {
        int rows = w.shape().dim(0), cols = w.shape().dim(1);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m.set(r, c, w.data()[r * cols + c]);
            }
        }
        return m;
    }

    /** Scales {@code w} in place so that its spectral norm is {@code norm}. */
    static void scaleToNorm(Tensor w, double norm) {
        double s = ExactSpectrum.singularValues(matrix(w))[0];
        float[] d = w.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (d[i] * norm / s);
        }
    }

    /** Relative distance |a - b| / |b|. */
    static double relative(double a, double b) {
        return Math.abs(a - b) / Math.abs(b);
    }
}
