package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A successful v2 answer: HTTP status and JSON body. */
record V2Answer(int status, ObjectNode body) {

    static V2Answer ok(ObjectNode body) {
        return new V2Answer(200, body);
    }

    /** 201 with {@code {"data":{...}}}. */
    static V2Answer created(ObjectNode data) {
        ObjectNode root = TwitterJson.MAPPER.createObjectNode();
        root.set("data", data);
        return new V2Answer(201, root);
    }
}
