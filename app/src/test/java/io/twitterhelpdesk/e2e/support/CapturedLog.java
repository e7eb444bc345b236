package io.twitterhelpdesk.e2e.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Captures what one logger writes, to check what an operator would read. */
public final class CapturedLog extends AbstractAppender implements AutoCloseable {

    public record Line(Level level, String logger, String message, boolean hasStackTrace) {

        @Override
        public String toString() {
            return level + " " + logger + " - " + message;
        }
    }

    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private CapturedLog(Logger logger) {
        super("captured-" + logger.getName(), null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
    }

    public static CapturedLog of(Class<?> loggerClass) {
        return of(loggerClass.getName());
    }

    /** Everything any logger writes (that its own configuration lets through). */
    public static CapturedLog all() {
        return of(LogManager.ROOT_LOGGER_NAME);
    }

    public static CapturedLog of(String loggerName) {
        Logger logger = (Logger) LogManager.getLogger(loggerName);
        CapturedLog log = new CapturedLog(logger);
        log.start();
        logger.addAppender(log);
        return log;
    }

    @Override
    public void append(LogEvent event) {
        lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage(),
                event.getThrown() != null));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        stop();
    }
}
