package io.twitterhelpdesk.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twitterhelpdesk.sandbox.StoreChange.Counters;
import io.twitterhelpdesk.sandbox.StoreChange.DmStored;
import io.twitterhelpdesk.sandbox.StoreChange.FollowSet;
import io.twitterhelpdesk.sandbox.StoreChange.TweetStored;
import io.twitterhelpdesk.sandbox.StoreChange.UserDeactivated;
import io.twitterhelpdesk.sandbox.StoreChange.UserSaved;
import io.twitterhelpdesk.sandbox.StoredRecords.DmEvent;
import io.twitterhelpdesk.sandbox.StoredRecords.Tweet;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's data in a file, for the connector's demo mode: one JSON object per line, the header
 * {@code {"sandboxStore":1}} and then the changes of the store in the order they were made ({@code user},
 * {@code follow}, {@code deactivated}, {@code dm}, {@code tweet}, {@code counters}; see {@link StoreChange}). A change
 * is appended and synced to the disk before the store shows it, so whatever an API call answered survives a restart
 * or a crash. When the file is opened, and on a reset, it is rewritten whole from the store's state (a temporary file
 * moved over it), which also drops a last line a crash cut short: that change was never answered.
 */
final class StoreJournal implements AutoCloseable {

    private static final String HEADER = "sandboxStore";
    private static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule("sandbox-instants")
                    .addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
                        @Override
                        public void serialize(Instant value, JsonGenerator json, SerializerProvider provider)
                                throws IOException {
                            json.writeString(value.toString());
                        }
                    })
                    .addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
                        @Override
                        public Instant deserialize(JsonParser json, DeserializationContext context)
                                throws IOException {
                            return Instant.parse(json.getValueAsString());
                        }
                    }));

    private final Path file;
    private FileOutputStream out;

    private StoreJournal(Path file, FileOutputStream out) {
        this.file = file;
        this.out = out;
    }

    /**
     * The changes the file holds, oldest first; none when it does not exist.
     *
     * @throws IllegalStateException when it is not a sandbox store or a line other than a cut-short last one cannot
     *                               be read (the message names the file and the line)
     */
    static List<StoreChange> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox store " + file, e);
        }
        String[] lines = content.split("\n", -1);
        // the part after the last newline: empty, or a line a crash cut short
        int complete = lines.length - 1;
        List<StoreChange> changes = new ArrayList<>();
        for (int i = 0; i < complete; i++) {
            JsonNode line;
            try {
                line = MAPPER.readTree(lines[i]);
            } catch (IOException e) {
                throw unreadable(file, i, e.getMessage());
            }
            if (i == 0) {
                if (line == null || line.path(HEADER).asInt() != VERSION) {
                    throw unreadable(file, i, "not the header {\"" + HEADER + "\":" + VERSION + "}");
                }
                continue;
            }
            try {
                changes.add(change(line));
            } catch (IOException | RuntimeException e) {
                throw unreadable(file, i, e.getMessage());
            }
        }
        if (complete == 0 && !content.isEmpty()) {
            throw unreadable(file, 0, "no complete line");
        }
        return changes;
    }

    /** Writes the header and {@code changes} to {@code file} in place of what it held, and opens it for appending. */
    static StoreJournal rewrite(Path file, List<StoreChange> changes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new StoreJournal(file, replace(file, changes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox store " + file, e);
        }
    }

    /** Replaces the content of the file with {@code changes} (as {@link #rewrite}); appends go on after them. */
    void replaceWith(List<StoreChange> changes) {
        requireOpen();
        try {
            FileOutputStream replaced = replace(file, changes);
            out.close();
            out = replaced;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox store " + file, e);
        }
    }

    /** Appends the change and syncs it to the disk. */
    void append(StoreChange change) {
        requireOpen();
        try {
            out.write(line(change));
            out.getFD().sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox store " + file, e);
        }
    }

    @Override
    public void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the sandbox store " + file, e);
        } finally {
            out = null;
        }
    }

    private void requireOpen() {
        if (out == null) {
            throw new IllegalStateException("the sandbox store " + file + " is closed");
        }
    }

    /** Writes a temporary file, syncs it, moves it over {@code file} and opens the result for appending. */
    private static FileOutputStream replace(Path file, List<StoreChange> changes) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileOutputStream write = new FileOutputStream(temporary.toFile())) {
            write.write((MAPPER.createObjectNode().put(HEADER, VERSION) + "\n").getBytes(StandardCharsets.UTF_8));
            for (StoreChange change : changes) {
                write.write(line(change));
            }
            write.getFD().sync();
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new FileOutputStream(file.toFile(), true);
    }

    private static byte[] line(StoreChange change) throws IOException {
        ObjectNode line = MAPPER.createObjectNode();
        if (change instanceof UserSaved saved) {
            line.set("user", MAPPER.valueToTree(saved.user()));
        } else if (change instanceof FollowSet follow) {
            line.set("follow", MAPPER.valueToTree(follow));
        } else if (change instanceof UserDeactivated deactivated) {
            line.set("deactivated", MAPPER.valueToTree(deactivated));
        } else if (change instanceof DmStored dm) {
            line.set("dm", MAPPER.valueToTree(dm.event()));
        } else if (change instanceof TweetStored tweet) {
            line.set("tweet", MAPPER.valueToTree(tweet.tweet()));
        } else if (change instanceof Counters counters) {
            line.set("counters", MAPPER.valueToTree(counters));
        } else {
            throw new IllegalArgumentException("unknown change " + change);
        }
        return (MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static StoreChange change(JsonNode line) throws IOException {
        if (line == null || !line.isObject() || line.size() != 1) {
            throw new IllegalArgumentException("not an object with one field");
        }
        String kind = line.fieldNames().next();
        JsonNode value = line.get(kind);
        return switch (kind) {
            case "user" -> new UserSaved(MAPPER.treeToValue(value, SandboxUser.class));
            case "follow" -> MAPPER.treeToValue(value, FollowSet.class);
            case "deactivated" -> MAPPER.treeToValue(value, UserDeactivated.class);
            case "dm" -> new DmStored(MAPPER.treeToValue(value, DmEvent.class));
            case "tweet" -> new TweetStored(MAPPER.treeToValue(value, Tweet.class));
            case "counters" -> MAPPER.treeToValue(value, Counters.class);
            default -> throw new IllegalArgumentException("unknown change \"" + kind + "\"");
        };
    }

    private static IllegalStateException unreadable(Path file, int index, String reason) {
        return new IllegalStateException("The sandbox store " + file + " cannot be read at line " + (index + 1) + " ("
                + reason + "). Move it away to start the sandbox empty, and with it the rest of the data directory:"
                + " the connector's state knows the sandbox's customers by their ids, which an empty sandbox gives"
                + " out again");
    }
}
