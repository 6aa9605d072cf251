package dev.portablesession.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A minimal browser for the tests: real HTTP/1.1, redirects not followed (the tests look at them), and a cookie jar
 * the tests can read, replace and share between servers.
 *
 * <p>It sends each request to the next of its entry points in turn, the way a round-robin balancer would: give it
 * one balancer URL, or the application roots of the nodes themselves. Request paths are relative to the
 * application: {@code "/login"} is {@code login} under the entry point, whatever the context path.
 *
 * <p>Every response is checked for what must never happen: the session cookie set more than once in one response.
 */
public final class Browser {

    /** The filter's default session cookie name. */
    public static final String SESSION_COOKIE = "SESSION";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** Long enough for the servlets that sleep or hold a request while the test looks elsewhere. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String sessionCookie;
    private final List<URI> entryPoints;
    private final Jar jar;
    private int next;

    /** A browser whose session cookie is {@link #SESSION_COOKIE}, sending requests to each entry point in turn. */
    public Browser(URI... entryPoints) {
        this(SESSION_COOKIE, List.of(entryPoints));
    }

    /** A browser whose session cookie is {@link #SESSION_COOKIE}, sending requests to each entry point in turn. */
    public Browser(List<URI> entryPoints) {
        this(SESSION_COOKIE, entryPoints);
    }

    /**
     * A browser for a filter whose cookie is named {@code sessionCookie}.
     *
     * @param entryPoints application roots that all serve the application at the same path, first one first
     */
    public Browser(String sessionCookie, URI... entryPoints) {
        this(sessionCookie, List.of(entryPoints));
    }

    private Browser(String sessionCookie, List<URI> entryPoints) {
        this(sessionCookie, entryPoints, new Jar());
    }

    private Browser(String sessionCookie, List<URI> entryPoints, Jar jar) {
        if (entryPoints.isEmpty()) {
            throw new IllegalArgumentException("a browser needs at least one entry point");
        }
        this.sessionCookie = sessionCookie;
        this.entryPoints = entryPoints.stream().map(Browser::asDirectory).toList();
        String path = this.entryPoints.get(0).getRawPath();
        if (this.entryPoints.stream().anyMatch(entry -> !entry.getRawPath().equals(path))) {
            throw new IllegalArgumentException("entry points serve the application at different paths: " + entryPoints);
        }
        this.jar = jar;
    }

    /**
     * The same browser (same cookie jar, same record of {@code Set-Cookie} headers) pointed at one other server;
     * this browser's rotation does not advance when the other one sends.
     */
    public Browser at(URI otherEntryPoint) {
        return new Browser(sessionCookie, List.of(otherEntryPoint), jar);
    }

    /** The path of the application root on every entry point, ending with {@code /}: {@code /} or {@code /shop/}. */
    public String applicationPath() {
        return entryPoints.get(0).getRawPath();
    }

    /** GET on the next entry point. */
    public Response get(String path) {
        return send(request(path).GET(), null);
    }

    /** POST without a body on the next entry point. */
    public Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()), null);
    }

    /** POST of a form ({@code application/x-www-form-urlencoded}) on the next entry point. */
    public Response post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), null);
    }

    /** A request with any method and no body on the next entry point. */
    public Response send(String method, String path) {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()), null);
    }

    /** GET on the next entry point with this exact {@code Cookie} header instead of the jar's cookies. */
    public Response getWithCookieHeader(String path, String cookieHeader) {
        return send(request(path).GET(), cookieHeader);
    }

    /**
     * GET on the next entry point, completing as soon as the status line and headers arrive, while the server may
     * still be inside the request (writing, sleeping or held). The cookies of those headers are in the jar by then.
     */
    public CompletableFuture<HttpResponse<InputStream>> open(String path) {
        HttpRequest request = withCookies(request(path).GET(), null).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
            jar.store(sessionCookie, response.headers().allValues("Set-Cookie"));
            return response;
        });
    }

    /**
     * Follows a redirect the way a browser behind a balancer would: a GET of its Location, sent to the next entry
     * point. The Location must lead into the application; whether it names a host (some containers make it
     * absolute, from the request's {@code Host}) does not matter.
     */
    public Response follow(Response redirect) {
        return get(pathInApplication(redirect));
    }

    /**
     * The Location of a redirect as a path inside the application, starting with {@code /}: {@code "/"} for its
     * root, whatever the context path.
     *
     * @throws AssertionError when there is no Location, or it leads out of the application
     */
    public String pathInApplication(Response redirect) {
        String location = redirect.location();
        if (location == null) {
            throw new AssertionError("no Location in a " + redirect.status());
        }
        URI target = redirect.uri().resolve(location);
        String path = target.getRawPath();
        String root = applicationPath();
        if (!path.startsWith(root) && !(path + "/").equals(root)) {
            throw new AssertionError("Location " + location + " leads out of the application at " + root);
        }
        String inside = path.length() < root.length() ? "/" : "/" + path.substring(root.length());
        return target.getRawQuery() == null ? inside : inside + "?" + target.getRawQuery();
    }

    /** The session cookie's value in the jar, or null. */
    public String cookie() {
        return cookies().get(sessionCookie);
    }

    /** Puts this session cookie value in the jar; null takes the session cookie out. */
    public void cookie(String value) {
        jar.put(sessionCookie, value);
    }

    /** Every cookie in the jar, by name. */
    public Map<String, String> cookies() {
        return jar.cookies();
    }

    /** Empties the jar and fills it with {@code replacement}. */
    public void replaceCookies(Map<String, String> replacement) {
        jar.replace(replacement);
    }

    /** Every {@code Set-Cookie} header received so far, oldest first. */
    public List<String> setCookieHeaders() {
        return jar.received();
    }

    /** The value of a {@code Set-Cookie} header. */
    public static String cookieValue(String setCookie) {
        int end = setCookie.indexOf(';');
        return setCookie.substring(setCookie.indexOf('=') + 1, end < 0 ? setCookie.length() : end).trim();
    }

    private HttpRequest.Builder request(String path) {
        URI base = entryPoints.get(next);
        next = (next + 1) % entryPoints.size();
        String relative = path.startsWith("/") ? path.substring(1) : path;
        // Appended rather than resolved: a relative reference such as "a:b" would otherwise read as a scheme.
        return HttpRequest.newBuilder(URI.create(base + relative)).timeout(REQUEST_TIMEOUT);
    }

    private HttpRequest.Builder withCookies(HttpRequest.Builder request, String cookieHeader) {
        String header = cookieHeader != null ? cookieHeader : jar.header();
        if (header != null) {
            request.header("Cookie", header);
        }
        return request;
    }

    private Response send(HttpRequest.Builder request, String cookieHeader) {
        try {
            HttpResponse<String> response = HTTP.send(withCookies(request, cookieHeader).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            jar.store(sessionCookie, response.headers().allValues("Set-Cookie"));
            return new Response(response.statusCode(), response.body(), response.headers(), response.uri(), sessionCookie);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code base} with a path ending in {@code /}, so that relative paths go beneath it. */
    private static URI asDirectory(URI base) {
        String path = base.getRawPath();
        return path == null || path.isEmpty() ? base.resolve("/") : path.endsWith("/") ? base : URI.create(base + "/");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A whole response. */
    public static final class Response {

        private final int status;
        private final String body;
        private final HttpHeaders headers;
        private final URI uri;
        private final String sessionCookie;

        private Response(int status, String body, HttpHeaders headers, URI uri, String sessionCookie) {
            this.status = status;
            this.body = body;
            this.headers = headers;
            this.uri = uri;
            this.sessionCookie = sessionCookie;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }

        public HttpHeaders headers() {
            return headers;
        }

        /** The address the request went to. */
        public URI uri() {
            return uri;
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /**
         * The {@code X-Served-By} header: which node answered.
         *
         * @throws AssertionError when the response has none
         */
        public String servedBy() {
            return headers.firstValue("X-Served-By").orElseThrow(() -> new AssertionError("no X-Served-By on " + uri));
        }

        /** The {@code Location} header, or null. */
        public String location() {
            return header("Location");
        }

        /** The {@code Set-Cookie} headers of this response. */
        public List<String> setCookies() {
            return headers.allValues("Set-Cookie");
        }

        /** The one {@code Set-Cookie} header of this response that sets the session cookie, or null. */
        public String sessionCookie() {
            return setCookies().stream().filter(h -> h.startsWith(sessionCookie + "=")).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " from " + uri + ": " + body;
        }
    }

    /** The cookies and the {@code Set-Cookie} headers received, shared by a browser and those {@link #at} made. */
    private static final class Jar {

        private final Map<String, String> cookies = new LinkedHashMap<>();
        private final List<String> received = new ArrayList<>();

        synchronized Map<String, String> cookies() {
            return Map.copyOf(cookies);
        }

        synchronized List<String> received() {
            return List.copyOf(received);
        }

        synchronized void put(String name, String value) {
            if (value == null) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }

        synchronized void replace(Map<String, String> replacement) {
            cookies.clear();
            cookies.putAll(replacement);
        }

        /** The {@code Cookie} header for the jar's cookies, or null when it is empty. */
        synchronized String header() {
            if (cookies.isEmpty()) {
                return null;
            }
            return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
        }

        synchronized void store(String sessionCookie, List<String> setCookies) {
            long sessionCookies = setCookies.stream().filter(h -> h.startsWith(sessionCookie + "=")).count();
            if (sessionCookies > 1) {
                throw new AssertionError("one response set the session cookie " + sessionCookies + " times: " + setCookies);
            }
            received.addAll(setCookies);
            setCookies.forEach(this::store);
        }

        private void store(String setCookie) {
            String[] parts = setCookie.split(";");
            int equals = parts[0].indexOf('=');
            String name = parts[0].substring(0, equals).trim();
            String value = parts[0].substring(equals + 1).trim();
            boolean expired = false;
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].trim();
                String lower = attribute.toLowerCase(Locale.ROOT);
                if (lower.startsWith("max-age=")) {
                    expired |= Long.parseLong(attribute.substring("max-age=".length()).trim()) <= 0;
                } else if (lower.startsWith("expires=")) {
                    expired |= isPast(attribute.substring("expires=".length()).trim());
                }
            }
            put(name, expired ? null : value);
        }

        private static boolean isPast(String date) {
            try {
                return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).isBefore(ZonedDateTime.now());
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
