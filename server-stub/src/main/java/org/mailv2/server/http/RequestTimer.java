package org.mailv2.server.http;

/** Told how long each request took, by the route's template (never the raw path: it holds ids). */
@FunctionalInterface
public interface RequestTimer {
    RequestTimer NONE = (method, route, status, millis) -> { };

    /** @param route the matched route's template, or null when no route matched */
    void request(String method, String route, int status, double millis);
}
