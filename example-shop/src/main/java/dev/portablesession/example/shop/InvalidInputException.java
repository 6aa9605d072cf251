package dev.portablesession.example.shop;

/** Form or query input the shop refuses; the message is sent to the client as a 400 body. */
final class InvalidInputException extends Exception {

    private static final long serialVersionUID = 1L;

    InvalidInputException(String message) {
        super(message);
    }
}
