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
 * the class of the session it sees in {@value #HEADER}: the Redis session when the session
 * filter ran before it, {@code none} when it ran first and found no container session.
 */
public class FirstInChainProbe extends HttpFilter {

    /** Response header naming the class of the session this filter saw. */
    public static final String HEADER = "X-Probe-Session";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        response.setHeader(HEADER, session == null ? "none" : session.getClass().getName());
        chain.doFilter(request, response);
    }
}
