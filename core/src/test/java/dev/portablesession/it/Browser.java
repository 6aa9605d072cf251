package dev.portablesession.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client that keeps one session cookie and sends each request to the next node in turn, the
 * way a round-robin load balancer in front of a server farm would. Redirects are not followed, so
 * tests see every response.
 */
public final class Browser {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String cookieName;
    private final List<JettyNode> nodes;
    private int next;
    private String cookie;
    private final List<String> setCookies = new ArrayList<>();

    public Browser(String cookieName, JettyNode... nodes) {
        this.cookieName = cookieName;
        this.nodes = List.of(nodes);
    }

    /** GET on the next node. */
    public Response get(String pathAndQuery) {
        return send(nextNode(), "GET", pathAndQuery);
    }

    /** POST on the next node. */
    public Response post(String pathAndQuery) {
        return send(nextNode(), "POST", pathAndQuery);
    }

    /** GET on a chosen node, without advancing the rotation. */
    public Response get(JettyNode node, String pathAndQuery) {
        return send(node, "GET", pathAndQuery);
    }

    /**
     * GET on the next node, returning as soon as the status line and headers arrive, while the
     * server may still be writing (or sleeping before it finishes) the body.
     */
    public StreamingResponse open(String pathAndQuery) {
        JettyNode node = nextNode();
        try {
            HttpResponse<InputStream> response = HTTP.send(request(node, "GET", pathAndQuery), HttpResponse.BodyHandlers.ofInputStream());
            remember(response);
            return new StreamingResponse(response.statusCode(), response.headers().firstValue("X-Served-By").orElse(null), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The session cookie value the browser holds, or null. */
    public String cookie() {
        return cookie;
    }

    /** Makes the browser present this cookie value (or none, for null) from now on. */
    public void cookie(String value) {
        cookie = value;
    }

    /** Every Set-Cookie header received so far. */
    public List<String> setCookieHeaders() {
        return setCookies;
    }

    private JettyNode nextNode() {
        JettyNode node = nodes.get(next % nodes.size());
        next++;
        return node;
    }

    private Response send(JettyNode node, String method, String pathAndQuery) {
        try {
            HttpResponse<String> response = HTTP.send(request(node, method, pathAndQuery), HttpResponse.BodyHandlers.ofString());
            remember(response);
            return new Response(response.statusCode(), response.body(), response.headers().firstValue("X-Served-By").orElse(null),
                    response.headers().allValues("Set-Cookie"), response.headers().firstValue("Location").orElse(null),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(JettyNode node, String method, String pathAndQuery) {
        URI uri = node.uri(pathAndQuery);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            builder.header("Cookie", cookieName + "=" + cookie);
        }
        return builder.build();
    }

    private void remember(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            setCookies.add(header);
            if (header.startsWith(cookieName + "=")) {
                String value = header.substring(cookieName.length() + 1, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
                cookie = header.contains("Max-Age=0") ? null : value;
            }
        }
    }

    /** A whole response. */
    public record Response(int status, String body, String servedBy, List<String> setCookies, String location,
            java.net.http.HttpHeaders headers) {
    }

    /** A response whose body is still arriving. */
    public record StreamingResponse(int status, String servedBy, InputStream body) {
    }
}
