package io.twitterhelpdesk.sandbox;

/** A Twitter-style error answer: HTTP status plus {@code {"errors":[{"code":..,"message":..}]}}. */
final class ApiError extends RuntimeException {

    final int status;
    final int code;

    ApiError(int status, int code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static ApiError unauthorized() {
        return new ApiError(401, 32, "Could not authenticate you.");
    }

    static ApiError notFound() {
        return new ApiError(404, 34, "Sorry, that page does not exist.");
    }

    static ApiError userNotFound() {
        return new ApiError(404, 50, "User not found.");
    }
}
