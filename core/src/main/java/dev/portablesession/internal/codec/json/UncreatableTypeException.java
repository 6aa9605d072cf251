package dev.portablesession.internal.codec.json;

import dev.portablesession.AttributeEncodingException;

/**
 * Jackson could write a value but not build it again, typically for want of a default
 * constructor or creator. Thrown from inside Jackson by {@link CreatorCheck} and turned into an
 * {@link AttributeEncodingException} by the JSON codec.
 */
final class UncreatableTypeException extends RuntimeException {

    /** @param problem what Jackson lacks, naming the class */
    UncreatableTypeException(String problem) {
        // No stack trace: the codec reports the message and drops this exception.
        super(problem, null, false, false);
    }
}
