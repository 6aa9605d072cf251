package dev.portablesession.internal.codec.json;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.internal.codec.AttributeDecodingException;
import dev.portablesession.internal.codec.RejectedTypeException;
import dev.portablesession.internal.codec.TypeAllowList;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns Jackson's failures into the codec's exceptions, with messages that name the attribute,
 * the class and the fix.
 *
 * <p>Messages and causes never carry stored data: Jackson's own messages about reading quote the
 * offending input, so they are replaced by the target type and a path of property names (map
 * keys are left out, they may be data too). A failure of application code (a getter, setter or
 * constructor that threw) is kept as the cause, since that is what the developer has to fix.
 */
final class JsonFailures {

    private static final String ENCODE_FIX = "set codec=jdk";
    /** A library's class cannot be annotated; its library's module or a mix-in supplies the creator. */
    private static final String CREATOR_FIX = "annotate a creator (@JsonCreator), register its library's Jackson module "
            + "(codec.jackson-modules) or a mix-in (codec.jackson-mixins), or ";

    private JsonFailures() {
    }

    /** An attribute of the given class could not be written. */
    static AttributeEncodingException encoding(String name, Class<?> type, RuntimeException e) {
        String head = "attribute \"" + name + "\" (" + type.getName() + ") cannot be encoded as JSON: ";
        RejectedTypeException rejected = find(e, RejectedTypeException.class);
        if (rejected != null) {
            return new AttributeEncodingException(head + rejected.getMessage() + "; "
                    + TypeAllowList.advice(rejected.className(), ENCODE_FIX), null);
        }
        UncreatableTypeException uncreatable = find(e, UncreatableTypeException.class);
        if (uncreatable != null) {
            return new AttributeEncodingException(head + uncreatable.getMessage()
                    + "; " + CREATOR_FIX + ENCODE_FIX, null);
        }
        Throwable applicationFailure = applicationCause(e);
        if (applicationFailure != null) {
            return new AttributeEncodingException(head + "reading " + path(e) + " threw "
                    + applicationFailure.getClass().getName() + "; fix that getter, or " + ENCODE_FIX,
                    applicationFailure);
        }
        return new AttributeEncodingException(head + firstLine(((JacksonException) e).getOriginalMessage())
                + "; see docs/codecs.md for what JSON can store, or " + ENCODE_FIX, null);
    }

    /** Whether a failure to write is a refusal of the codec's (a class not allowed, or lacking a creator). */
    static boolean isRefusal(RuntimeException e) {
        return find(e, RejectedTypeException.class) != null || find(e, UncreatableTypeException.class) != null;
    }

    /**
     * An attribute was refused, and the survey found every refusal of its graph: one message for
     * all of them (as {@link #encoding} when there is only one).
     */
    static AttributeEncodingException refusals(String name, Class<?> type, EncodeSurvey survey, RuntimeException first) {
        if (survey.size() <= 1) {
            return encoding(name, type, first);
        }
        StringBuilder message = new StringBuilder("attribute \"").append(name).append("\" (").append(type.getName())
                .append(") cannot be encoded as JSON: ");
        if (!survey.rejected.isEmpty()) {
            message.append(TypeAllowList.refusal(survey.rejected, survey.uncreatable.isEmpty() ? ENCODE_FIX : ""));
        }
        if (!survey.uncreatable.isEmpty()) {
            message.append(survey.rejected.isEmpty() ? "" : "; also ").append(String.join("; ", survey.uncreatable))
                    .append("; ").append(CREATOR_FIX).append(ENCODE_FIX);
        }
        return new AttributeEncodingException(message.toString(), null);
    }

    /** The stored JSON of an attribute could not be turned back into an object. */
    static AttributeDecodingException decoding(String name, RuntimeException e) {
        String head = "attribute \"" + name + "\" cannot be decoded from JSON: ";
        RejectedTypeException rejected = find(e, RejectedTypeException.class);
        if (rejected != null) {
            return new AttributeDecodingException(head + rejected.getMessage(), null);
        }
        Throwable applicationFailure = applicationCause(e);
        if (e instanceof ValueInstantiationException failed) {
            return new AttributeDecodingException(head + "creating " + failed.getType().getRawClass().getName()
                    + " failed", applicationFailure);
        }
        if (applicationFailure != null) {
            return new AttributeDecodingException(head + applicationFailure.getClass().getName() + " at "
                    + path(e), applicationFailure);
        }
        return new AttributeDecodingException(head + reason(e), null);
    }

    private static String reason(RuntimeException e) {
        if (e instanceof StreamConstraintsException) {
            return "the stored JSON exceeds a size or nesting limit";
        }
        if (e instanceof StreamReadException) {
            return "the stored bytes are not valid JSON";
        }
        if (e instanceof InvalidTypeIdException invalid) {
            return invalid.getTypeId() == null
                    ? "the stored JSON lacks the type id of a " + invalid.getBaseType().getRawClass().getName()
                            + " at " + path(invalid)
                    : "type " + invalid.getTypeId() + " is not allowed or not found (at " + path(invalid) + ")";
        }
        if (e instanceof InvalidDefinitionException definition) {
            return firstLine(definition.getOriginalMessage());
        }
        if (e instanceof MismatchedInputException mismatch) {
            String target = mismatch.getTargetType() == null ? "the expected type" : mismatch.getTargetType().getName();
            return "the stored JSON does not fit " + target + " at " + path(mismatch)
                    + " (truncated, or the class changed incompatibly)";
        }
        return e.getClass().getName();
    }

    /** The first line of a possibly multi-line message. */
    static String firstLine(String message) {
        if (message == null) {
            return "unknown problem";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** Where in the object graph a failure happened, e.g. {@code com.acme.Cart.items[0].qty}. */
    private static String path(RuntimeException e) {
        if (!(e instanceof JacksonException jackson) || jackson.getPath().isEmpty()) {
            return "the top level";
        }
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : jackson.getPath()) {
            Object from = reference.from();
            Class<?> container = from instanceof Class<?> type ? type : from == null ? Object.class : from.getClass();
            if (path.length() == 0) {
                path.append(container.getName());
            }
            if (reference.getPropertyName() != null) {
                path.append(Map.class.isAssignableFrom(container) ? "[key]" : "." + reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The exception thrown by application code that Jackson wrapped, if any. */
    private static Throwable applicationCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!(t instanceof JacksonException) && !(t instanceof RejectedTypeException)
                    && !(t instanceof UncreatableTypeException)) {
                return t;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
