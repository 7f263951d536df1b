package dev.residuum.delta;

import dev.residuum.autodiff.Shaping;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.Activation;
import dev.residuum.nn.Module;
import dev.residuum.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@link CorrectionNetwork} per component type (per element, for atoms): each row of the input
 * goes through the network of its type, read from the input's last column, so that the output of a
 * row depends only on that row (Behler–Parrinello's one network per element). Every network's last
 * layer starts at zero. Parameters: {@code 0.layers.0.weight}, ... for type 0, then {@code 1.layers.0.weight}, ... for type 1
 */
public final class ElementNetworks extends Module {
    private final List<CorrectionNetwork> networks = new ArrayList<>();
    private final int inputs;

    /**
     * @param types number of types (at least 1)
     * @param inputs features per row, not counting the type column
     * @param hidden widths of each network's hidden layers
     * @param rng initialisation, network after network
     */
    public ElementNetworks(int types, int inputs, int[] hidden, Activation.Kind activation, Rng rng) {
        Objects.requireNonNull(rng, "rng");
        if (types < 1) {
            throw new IllegalArgumentException("ElementNetworks: needs at least one type, got " + types);
        }
        for (int t = 0; t < types; t++) {
            networks.add(child(Integer.toString(t), new CorrectionNetwork(inputs, hidden, activation, rng)));
        }
        this.inputs = inputs;
    }

    /** Number of types. */
    public int types() {
        return networks.size();
    }

    /**
     * @param x {@code [M, inputs + 1]}: the features of each row, then its type {@code 0 .. types()-1}
     *     (an integer, exact in float; the type column gets no gradient)
     * @return {@code [M, 1]}
     */
    @Override
    public Tensor forward(Tensor x, boolean training) {
        int[] dims = x.shape().dims();
        if (dims.length != 2 || dims[1] != inputs + 1) {
            throw new IllegalArgumentException("ElementNetworks: expected [M, " + (inputs + 1) + "] (features, then the type),"
                    + " got " + x.shape());
        }
        int m = dims[0];
        float[] d = x.data();
        int[] count = new int[networks.size()];
        int[] type = new int[m];
        for (int r = 0; r < m; r++) {
            float v = d[r * (inputs + 1) + inputs];
            type[r] = (int) v;
            if (type[r] != v || type[r] < 0 || type[r] >= networks.size()) {
                throw new IllegalArgumentException("ElementNetworks: row " + r + " has type " + v + ", expected an integer in 0.."
                        + (networks.size() - 1));
            }
            count[type[r]]++;
        }
        Tensor features = x.slice(1, 0, inputs);
        List<Tensor> parts = new ArrayList<>();
        int[] position = new int[m]; // where row r lands in the concatenation of the per-type outputs
        int k = 0;
        for (int t = 0; t < networks.size(); t++) {
            if (count[t] == 0) {
                continue;
            }
            int[] rows = new int[count[t]];
            int j = 0;
            for (int r = 0; r < m; r++) {
                if (type[r] == t) {
                    rows[j++] = r;
                    position[r] = k++;
                }
            }
            parts.add(networks.get(t).forward(features.indexSelect(0, rows), training));
        }
        Tensor all = parts.size() == 1 ? parts.get(0) : Shaping.concat(0, parts.toArray(new Tensor[0]));
        return all.indexSelect(0, position);
    }
}
