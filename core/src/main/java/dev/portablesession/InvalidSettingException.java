package dev.portablesession;

/**
 * A configuration value is invalid or settings contradict each other. The message names the
 * setting, where the value came from, the value (with any password masked, or left out when it
 * may contain one) and what is expected.
 */
public class InvalidSettingException extends IllegalArgumentException {

    /** @param message what is wrong, with which setting, from which source, and the fix */
    public InvalidSettingException(String message) {
        super(message);
    }
}
