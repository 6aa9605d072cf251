package dev.portablesession.containers;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * An application filter that uses the session, registered after the session filter. It reports
 * the id of the session it sees in {@value #HEADER}, or {@code none}. Behind the session filter
 * that is the id in the filter's cookie, even on a server that did not create the session; had it
 * run first it would see the container's own session (another id) or none.
 */
public class FirstInChainProbe extends HttpFilter {

    /** Response header carrying the id of the session this filter saw, or {@code none}. */
    public static final String HEADER = "X-Probe-Session";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        response.setHeader(HEADER, session == null ? "none" : session.getId());
        chain.doFilter(request, response);
    }
}
