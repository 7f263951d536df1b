package dev.residuum.continual;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which modules receive an adapter, by PEFT's {@code target_modules} rule: given as names, a
 * module whose dotted path equals a name or ends in {@code "." + name} is a target
 * ({@code "fc"} selects {@code fc} and {@code head.fc}, not {@code fc2}); given as one regular
 * expression, a module whose whole path matches it ({@code re.fullmatch}) is a target.
 *
 * @param names the names (empty when {@code regex} is given); kept sorted, without repeats
 * @param regex the regular expression, or null when names are given
 */
public record TargetModules(List<String> names, String regex) {
    public TargetModules {
        Objects.requireNonNull(names, "names");
        names = List.copyOf(new TreeSet<>(names)); // a set, as PEFT holds it: order and repeats mean nothing
        if ((regex == null) == names.isEmpty()) {
            throw new IllegalArgumentException("target_modules: give module names or one regular expression (exactly one"
                    + " of the two), got names " + names + " and regex " + regex);
        }
        for (String n : names) {
            if (n.isEmpty()) {
                throw new IllegalArgumentException("target_modules: a module name is empty in " + names);
            }
        }
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("target_modules: not a regular expression: " + regex + " ("
                        + e.getDescription() + ")", e);
            }
        }
    }

    /** Modules named {@code names} (or whose path ends in {@code "." + name}). */
    public static TargetModules of(String... names) {
        return new TargetModules(List.of(names), null);
    }

    /** Modules whose whole dotted path matches {@code regex}. */
    public static TargetModules matching(String regex) {
        return new TargetModules(List.of(), Objects.requireNonNull(regex, "regex"));
    }

    /** Whether the module at dotted path {@code path} is a target. */
    public boolean matches(String path) {
        if (regex != null) {
            return Pattern.matches(regex, path);
        }
        for (String n : names) {
            if (path.equals(n) || path.endsWith("." + n)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return regex != null ? "regex " + regex : names.toString();
    }
}
