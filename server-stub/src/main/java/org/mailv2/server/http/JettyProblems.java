package org.mailv2.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.mailv2.protocol.api.Problem;
import org.mailv2.protocol.error.ErrorCode;

/**
 * Jetty's own refusals, made before any route runs (a header block over 8 KiB, {@code %00}, {@code %zz}, overlong
 * UTF-8 or dot segments above the root in a path), answered like every other error: a problem document with a code,
 * instead of Jetty's HTML page.
 */
final class JettyProblems extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) throws IOException {
        ErrorCode code = Problems.codeFor(status);
        response.setStatus(Problems.status(code));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        String detail = message == null || message.isBlank() ? "the request is not valid HTTP" : message;
        response.write(true, ByteBuffer.wrap(Problems.document(code, detail, null)), callback);
    }
}
