package dev.residuum.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A valid safetensors file whose tensors do not fit a model's {@code stateDict()}: some are
 * missing, some are unexpected, some have another shape. The message names the file and lists
 * all three at once, for example {@code "model.safetensors does not fit the model: missing
 * [fc.bias], unexpected [layers.9.conv1.weight], mis-shaped [fc.weight (file [10, 32], model
 * [10, 64])]"}, at most {@value #LISTED} names per list (then "... and N more"); the accessors
 * give the full lists.
 *
 * <p>An {@link IllegalArgumentException} like {@code Module.loadStateDict}'s: the file is well
 * formed, it is the wrong one for this model.
 */
public final class ModelMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Names shown per list in the message. */
    static final int LISTED = 10;

    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> misshaped;

    /**
     * @param file the file that was loaded
     * @param missing names the model has and the file lacks; not modified (copied)
     * @param unexpected names the file has and the model lacks; not modified (copied)
     * @param misshaped {@code "name (file [..], model [..])"} entries; not modified (copied)
     */
    public ModelMismatchException(Path file, List<String> missing, List<String> unexpected, List<String> misshaped) {
        super(message(file, missing, unexpected, misshaped));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.misshaped = List.copyOf(misshaped);
    }

    /** Tensors the model has and the file lacks. */
    public List<String> missing() {
        return missing;
    }

    /** Tensors the file has and the model lacks. */
    public List<String> unexpected() {
        return unexpected;
    }

    /** Tensors whose shapes differ, as {@code "name (file [..], model [..])"}. */
    public List<String> misshaped() {
        return misshaped;
    }

    private static String message(Path file, List<String> missing, List<String> unexpected, List<String> misshaped) {
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add("missing " + listed(missing));
        }
        if (!unexpected.isEmpty()) {
            parts.add("unexpected " + listed(unexpected));
        }
        if (!misshaped.isEmpty()) {
            parts.add("mis-shaped " + listed(misshaped));
        }
        return file + " does not fit the model: " + String.join(", ", parts);
    }

    private static String listed(List<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(names.size(), LISTED); i++) {
            sb.append(i > 0 ? ", " : "").append(oneLine(names.get(i)));
        }
        if (names.size() > LISTED) {
            sb.append(", ... and ").append(names.size() - LISTED).append(" more");
        }
        return sb.append(']').toString();
    }

    /** Names come from a file: escape control characters so the message stays on one line. */
    private static String oneLine(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
