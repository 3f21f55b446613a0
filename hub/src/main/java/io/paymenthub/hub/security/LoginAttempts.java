package io.paymenthub.hub.security;

import io.paymenthub.carddata.PanMasking;
import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The user name a request tries to log in with, in a form fit for the audit trail. */
final class LoginAttempts {

    private LoginAttempts() {
    }

    /** From HTTP Basic or the login form; null for a bearer token or no credentials. */
    static String username(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return safe(colon < 0 ? decoded : decoded.substring(0, colon));
            } catch (IllegalArgumentException e) {
                return "(undecodable basic credentials)";
            }
        }
        if ("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())) {
            String username = request.getParameter("username");
            return username == null ? "" : safe(username);
        }
        return null;
    }

    static boolean carriesCredentials(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null || username(request) != null;
    }

    /** A user name as typed: someone may type a card number into it; it is truncated like any PAN, then clipped. */
    static String safe(String typed) {
        String wiped = PanMasking.wipeText(typed);
        return wiped.length() <= 120 ? wiped : wiped.substring(0, 120);
    }
}
