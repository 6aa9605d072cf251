package dev.portablesession.example;

import java.util.List;

/** {@code java -jar jetty-example.jar [options]}: see {@link Options#USAGE}. */
public final class Main {

    /** Exit status for a command line the demo cannot run with. */
    static final int EXIT_USAGE = 2;
    /** Exit status when Redis or a server cannot start. */
    static final int EXIT_START_FAILED = 1;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(List.of(args), System.getenv());
        } catch (UsageException e) {
            System.err.println("jetty-example: " + e.getMessage());
            System.err.println();
            System.err.print(Options.USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            return;
        }

        Demo demo;
        try {
            demo = Demo.start(options);
        } catch (Exception e) {
            System.err.println("jetty-example: could not start: " + causes(e));
            System.exit(EXIT_START_FAILED);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "jetty-example-shutdown"));
        System.out.println();
        System.out.print(demo.summary());
        System.out.flush();
        demo.join();
    }

    /** "Failed to bind to 0.0.0.0/0.0.0.0:8080: Address already in use", rather than a stack trace. */
    private static String causes(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return Redaction.redact(text.toString());
    }
}
