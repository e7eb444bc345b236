package io.twitterhelpdesk.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.twitterhelpdesk.conversation.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The media cache: each file read from X once per ttl, the oldest files go beyond the size, a failed fetch leaves nothing. */
class MediaCacheTest {

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();

    private MediaCache.Fetch bytes(int size) {
        return target -> {
            fetches.incrementAndGet();
            Files.write(target, new byte[size]);
            return "image/png";
        };
    }

    @Test
    void aFileIsFetchedOnceUntilItsTtlHasPassed() throws Exception {
        MediaCache cache = new MediaCache(dir, 1000, Duration.ofDays(7), clock);

        MediaCache.Entry first = cache.get("acme/1/2/a.png", bytes(10));
        MediaCache.Entry again = cache.get("acme/1/2/a.png", bytes(10));
        clock.advance(Duration.ofDays(8));
        cache.get("acme/1/2/a.png", bytes(10));

        assertThat(first.contentType()).isEqualTo("image/png");
        assertThat(first.size()).isEqualTo(10);
        assertThat(again.file()).isEqualTo(first.file());
        assertThat(fetches).hasValue(2);
    }

    @Test
    void theOldestFilesGoWhenTheCacheIsFullAndARestartKeepsWhatIsThere() throws Exception {
        MediaCache cache = new MediaCache(dir, 25, Duration.ofDays(7), clock);
        cache.get("a", bytes(10));
        clock.advance(Duration.ofMinutes(1));
        cache.get("b", bytes(10));
        clock.advance(Duration.ofMinutes(1));
        cache.get("c", bytes(10));

        assertThat(cache.size()).isEqualTo(20);
        MediaCache restarted = new MediaCache(dir, 25, Duration.ofDays(7), clock);
        assertThat(restarted.size()).isEqualTo(20);
        restarted.get("b", bytes(10));
        restarted.get("c", bytes(10));
        assertThat(fetches).as("a was evicted, b and c were not").hasValue(3);
        restarted.get("a", bytes(10));
        assertThat(fetches).hasValue(4);
    }

    @Test
    void aFailedFetchLeavesNothingAndIsTriedAgain() throws Exception {
        MediaCache cache = new MediaCache(dir, 1000, Duration.ofDays(7), clock);

        assertThatThrownBy(() -> cache.get("x", target -> {
            Files.write(target, new byte[5]);
            throw new MediaProblem(503, "x_unavailable", "X answered 503");
        })).isInstanceOf(MediaProblem.class);

        assertThat(cache.size()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
        assertThat(cache.get("x", bytes(5)).size()).isEqualTo(5);
    }

    @Test
    void requestsForAFileBeingFetchedWaitForThatOneFetch() throws Exception {
        MediaCache cache = new MediaCache(dir, 1000, Duration.ofDays(7), clock);
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<MediaCache.Entry>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> cache.get("same", target -> {
                    fetches.incrementAndGet();
                    fetching.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    Files.write(target, new byte[7]);
                    return "image/gif";
                })));
            }
            assertThat(fetching.await(5, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            for (Future<MediaCache.Entry> answer : answers) {
                assertThat(answer.get(5, TimeUnit.SECONDS).size()).isEqualTo(7);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fetches).hasValue(1);
    }
}
