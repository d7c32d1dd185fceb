package org.mailv2.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckTest {
    @TempDir
    Path dir;

    private ServiceWorld world;
    private HealthCheck health;

    @BeforeEach
    void setUp() throws IOException {
        world = new ServiceWorld(dir);
        health = new HealthCheck(world.db, world.blobs, world.clock);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void aLostBlobDirectoryMakesTheServerUnhealthyOnceTheRememberedAnswerIsOld() throws IOException {
        assertThat(health.healthy()).isTrue();
        Files.delete(dir.resolve("blobs"));

        assertThat(health.healthy()).as("the answer of the last second").isTrue();
        world.clock.advance(Duration.ofSeconds(1));
        assertThat(health.healthy()).isFalse();

        Files.createDirectory(dir.resolve("blobs"));
        world.clock.advance(Duration.ofSeconds(1));
        assertThat(health.healthy()).isTrue();
    }

    @Test
    void aDatabaseThatDoesNotAnswerMakesTheServerUnhealthy() {
        assertThat(health.healthy()).isTrue();
        world.db.close();
        world.clock.advance(Duration.ofSeconds(1));

        assertThat(health.healthy()).isFalse();
    }
}
