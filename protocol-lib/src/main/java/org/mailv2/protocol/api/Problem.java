package org.mailv2.protocol.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document ({@code application/problem+json}) with mailv2's stable {@code code}; {@code bits}
 * says how many proof-of-work bits a {@code pow_required} answer asks for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Problem(String type, String title, int status, String detail, String code, Integer bits) {
    public static final String MEDIA_TYPE = "application/problem+json";
}
