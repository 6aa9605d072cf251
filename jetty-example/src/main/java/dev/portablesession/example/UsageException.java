package dev.portablesession.example;

/** A command line the demo cannot run with; the message says which flag is wrong and why. */
final class UsageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
