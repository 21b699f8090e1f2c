package io.camelstable.policy;

/**
 * Bad configuration, raised when an endpoint is created or an options object is built, never later.
 * The message names the option, the value given and what is allowed.
 */
public class InvalidOptionException extends IllegalArgumentException {

    private final String option;

    /**
     * @param option  the option's name as written in a URI
     * @param value   the rejected value
     * @param allowed a description of the accepted values
     */
    public InvalidOptionException(String option, Object value, String allowed) {
        super("Invalid value for stable option '" + option + "': " + value + ". Allowed: " + allowed);
        this.option = option;
    }

    /** @return the option that was rejected */
    public String getOption() {
        return option;
    }

    /** Rejects {@code value < min}. */
    public static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw new InvalidOptionException(option, value, "a whole number ≥ " + min);
        }
    }

    /** Rejects a value outside [{@code min}, {@code max}]. */
    public static void requireBetween(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidOptionException(option, value, "a whole number from " + min + " to " + max);
        }
    }

    /** Rejects a probability outside [0, 1] (NaN included). */
    public static void requireProbability(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidOptionException(option, value, "a probability in [0, 1]");
        }
    }
}
