package dev.portablesession.example;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The demo's command line, validated, with its defaults applied.
 *
 * @param port     the port of the balancer, or of the node itself with one node; 0 picks a free port
 * @param redisUrl the Redis to keep sessions in, or {@code null} to start an embedded one
 * @param names    the node names, one per node, in order
 * @param help     whether {@code --help} was given (then nothing else is checked)
 */
record Options(int port, String redisUrl, List<String> names, boolean help) {

    static final int DEFAULT_PORT = 8080;
    static final int DEFAULT_NODES = 2;
    static final int MAX_NODES = 16;
    static final String DEFAULT_NAME = "node";

    /** Node names travel in the {@code X-Served-By} header, so they stay within HTTP token characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    static final String USAGE = """
            Usage: java -jar jetty-example.jar [options]

            Runs a small shop on embedded Jetty: several nodes behind a round-robin balancer,
            all keeping their sessions in one Redis through RedisSessionFilter.

            Options:
              --port PORT   port of the balancer, or of the node itself with --nodes 1;
                            0 picks a free port (default 8080)
              --nodes N     number of Jetty nodes, 1 to 16 (default 2); with 1 the node listens
                            on --port and no balancer runs, so several processes can share a Redis
              --redis URL   the Redis for sessions: redis://[[user]:password@]host:port[/db], or
                            rediss:// for TLS (default: $REDIS_URL, else an embedded Redis started
                            for development and stopped on exit)
              --name NAME   node name, sent in the X-Served-By header; with several nodes
                            NAME-1, NAME-2, ... (default: node-1, node-2, ...)
              -h, --help    print this help and exit

            Nodes listen on free ports of 127.0.0.1; the startup output lists them.
            """;

    /** The number of nodes to start. */
    int nodes() {
        return names.size();
    }

    /**
     * Parses a command line.
     *
     * @param args flags as given to {@code main}; each flag takes its value as the next argument or after {@code =}
     * @param env  the environment, for {@code REDIS_URL}
     * @throws UsageException naming the flag that is unknown, repeated, missing its value or out of range
     */
    static Options parse(List<String> args, Map<String, String> env) {
        Set<String> seen = new HashSet<>();
        String port = null;
        String nodes = null;
        String redis = null;
        String name = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                return new Options(DEFAULT_PORT, null, List.of(), true);
            }
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            if (!List.of("--port", "--nodes", "--redis", "--name").contains(flag)) {
                throw new UsageException(arg.startsWith("-") ? "unknown option " + flag : "unexpected argument \"" + arg + "\"");
            }
            if (!seen.add(flag)) {
                throw new UsageException(flag + " given more than once");
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException(flag + " needs a value");
            }
            switch (flag) {
                case "--port" -> port = value;
                case "--nodes" -> nodes = value;
                case "--redis" -> redis = value;
                default -> name = value;
            }
        }
        int portNumber = port == null ? DEFAULT_PORT : integer("--port", port, 0, 65535);
        int nodeCount = nodes == null ? DEFAULT_NODES : integer("--nodes", nodes, 1, MAX_NODES);
        return new Options(portNumber, redisUrl(redis, env), names(name, nodeCount), false);
    }

    private static int integer(String flag, String value, int min, int max) {
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a number from " + min + " to " + max + ", not \"" + value + "\"");
        }
        if (number < min || number > max) {
            throw new UsageException(flag + " must be from " + min + " to " + max + ", not " + number);
        }
        return number;
    }

    private static String redisUrl(String flag, Map<String, String> env) {
        if (flag != null) {
            return checkedRedisUrl("--redis", flag);
        }
        String fromEnv = env.get("REDIS_URL");
        return fromEnv == null || fromEnv.isBlank() ? null : checkedRedisUrl("REDIS_URL", fromEnv.trim());
    }

    private static String checkedRedisUrl(String source, String url) {
        String problem = null;
        try {
            URI uri = new URI(url);
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
                problem = "must start with redis:// or rediss://";
            } else if (uri.getHost() == null) {
                problem = "has no host";
            }
        } catch (URISyntaxException e) {
            problem = "is not a valid URL (" + e.getReason() + ")";
        }
        if (problem != null) {
            throw new UsageException(source + " " + problem + ": " + Redaction.redact(url));
        }
        return url;
    }

    private static List<String> names(String name, int nodes) {
        if (name != null && !NAME.matcher(name).matches()) {
            throw new UsageException("--name must be 1 to 40 letters, digits, '.', '_' or '-', not \"" + name + "\"");
        }
        if (name != null && nodes == 1) {
            return List.of(name);
        }
        String prefix = name == null ? DEFAULT_NAME : name;
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            names.add(prefix + "-" + i);
        }
        return List.copyOf(names);
    }
}
