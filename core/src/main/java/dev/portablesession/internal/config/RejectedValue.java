package dev.portablesession.internal.config;

import dev.portablesession.InvalidSettingException;

/**
 * Thrown by the value parsers of this package; the caller turns it into an
 * {@link InvalidSettingException} that adds the setting, the value and its origin.
 */
final class RejectedValue extends RuntimeException {

    /** @param reason what is wrong and what is expected; never contains a secret */
    RejectedValue(String reason) {
        super(reason, null, false, false);
    }
}
