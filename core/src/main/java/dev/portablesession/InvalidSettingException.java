package dev.portablesession;

/**
 * A configuration value is invalid or settings contradict each other. The message names the
 * setting, where the value came from, the value (with any password masked, or left out when it
 * may contain one) and what is expected. Thrown by {@link RedisSessionFilter.Builder#build()};
 * when the container starts the filter, it arrives as the message of a {@code ServletException}.
 */
public class InvalidSettingException extends IllegalArgumentException {

    /**
     * For the library's own configuration code, which lives in another package; applications
     * catch this exception and have no reason to construct it.
     *
     * @param message what is wrong, with which setting, from which source, and the fix
     */
    public InvalidSettingException(String message) {
        super(message);
    }
}
