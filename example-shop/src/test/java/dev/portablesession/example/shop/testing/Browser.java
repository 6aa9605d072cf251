package dev.portablesession.example.shop.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal browser for the tests: real HTTP, redirects not followed (the tests look at them), and a cookie jar the
 * tests can copy, replay and share between servers.
 *
 * <p>It sends each request to the next of its entry points in turn, the way a round-robin balancer would: give it
 * one balancer URL, or the URLs of the nodes themselves. Request paths are relative to the application:
 * {@code "/login"} is {@code login} under the entry point, whatever the context path.
 */
public final class Browser {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<URI> entryPoints;
    private final Map<String, String> cookies;
    private int next;

    /** A browser talking to one server or balancer, whose application root is {@code base}. */
    public Browser(URI base) {
        this(List.of(base));
    }

    /**
     * A browser that sends each request to the next of {@code entryPoints}, starting with the first.
     *
     * @param entryPoints application roots that all serve the application at the same path
     */
    public Browser(List<URI> entryPoints) {
        this(entryPoints, new LinkedHashMap<>());
    }

    private Browser(List<URI> entryPoints, Map<String, String> cookies) {
        if (entryPoints.isEmpty()) {
            throw new IllegalArgumentException("a browser needs at least one entry point");
        }
        this.entryPoints = entryPoints.stream().map(Browser::asDirectory).toList();
        String path = this.entryPoints.get(0).getRawPath();
        if (this.entryPoints.stream().anyMatch(entry -> !entry.getRawPath().equals(path))) {
            throw new IllegalArgumentException("entry points serve the application at different paths: " + entryPoints);
        }
        this.cookies = cookies;
    }

    /** The same browser (same cookie jar) pointed at another server. */
    public Browser at(URI otherBase) {
        return new Browser(List.of(otherBase), cookies);
    }

    /** The path of the application root on every entry point, ending with {@code /}: {@code /} or {@code /shop/}. */
    public String applicationPath() {
        return entryPoints.get(0).getRawPath();
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * Follows a redirect the way a browser behind a balancer would: a GET of its Location, sent to the next entry
     * point. The Location must lead into the application; whether it names a host (some containers make it
     * absolute, from the request's {@code Host}) does not matter.
     */
    public HttpResponse<String> follow(HttpResponse<String> redirect) throws IOException, InterruptedException {
        return get(pathInApplication(redirect));
    }

    /**
     * The Location of a redirect as a path inside the application, starting with {@code /}: {@code "/"} for its
     * root, whatever the context path.
     *
     * @throws AssertionError when there is no Location, or it leads out of the application
     */
    public String pathInApplication(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location in a " + redirect.statusCode()));
        URI target = redirect.uri().resolve(location);
        String path = target.getRawPath();
        String root = applicationPath();
        if (!path.startsWith(root) && !(path + "/").equals(root)) {
            throw new AssertionError("Location " + location + " leads out of the application at " + root);
        }
        String inside = path.length() < root.length() ? "/" : "/" + path.substring(root.length());
        return target.getRawQuery() == null ? inside : inside + "?" + target.getRawQuery();
    }

    /** {@code GET /api/session}, parsed. */
    public Map<String, Object> session() throws IOException, InterruptedException {
        return json(get("/api/session"));
    }

    public Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    public void replaceCookies(Map<String, String> replacement) {
        cookies.clear();
        cookies.putAll(replacement);
    }

    public static Map<String, Object> json(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("expected 200 but got " + response.statusCode() + ": " + response.body());
        }
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
    }

    public static String servedBy(HttpResponse<?> response) {
        return response.headers().firstValue("X-Served-By")
                .orElseThrow(() -> new AssertionError("no X-Served-By on " + response.uri()));
    }

    private HttpRequest.Builder request(String path) {
        URI base = entryPoints.get(next);
        next = (next + 1) % entryPoints.size();
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return HttpRequest.newBuilder(relative.isEmpty() ? base : base.resolve(relative)).timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        response.headers().allValues("Set-Cookie").forEach(this::store);
        return response;
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
        if (expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    private static boolean isPast(String date) {
        try {
            return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).isBefore(ZonedDateTime.now());
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** {@code base} with a path ending in {@code /}, so that relative paths resolve beneath it. */
    private static URI asDirectory(URI base) {
        String path = base.getRawPath();
        return path == null || path.isEmpty() ? base.resolve("/") : path.endsWith("/") ? base : URI.create(base + "/");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
