package org.mailv2.client.core.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientPathsTest {
    private static final Path HOME = Path.of("/home/alice");

    @Test
    void defaultsFollowTheXdgSpecification() {
        ClientPaths paths = ClientPaths.resolve(Map.of(), HOME);

        assertThat(paths.configDir()).isEqualTo(Path.of("/home/alice/.config/mailv2"));
        assertThat(paths.dataDir()).isEqualTo(Path.of("/home/alice/.local/share/mailv2"));
        assertThat(paths.cacheDir()).isEqualTo(Path.of("/home/alice/.cache/mailv2"));
    }

    @Test
    void xdgVariablesMoveEachDirectory() {
        ClientPaths paths = ClientPaths.resolve(Map.of("XDG_CONFIG_HOME", "/etc/alice", "XDG_DATA_HOME",
                "/srv/data", "XDG_CACHE_HOME", "/var/cache/alice"), HOME);

        assertThat(paths.configDir()).isEqualTo(Path.of("/etc/alice/mailv2"));
        assertThat(paths.dataDir()).isEqualTo(Path.of("/srv/data/mailv2"));
        assertThat(paths.cacheDir()).isEqualTo(Path.of("/var/cache/alice/mailv2"));
    }

    @Test
    void emptyOrRelativeXdgVariablesAreIgnored() {
        ClientPaths paths = ClientPaths.resolve(Map.of("XDG_CONFIG_HOME", "", "XDG_DATA_HOME", "relative/data",
                "XDG_CACHE_HOME", "./cache"), HOME);

        assertThat(paths).isEqualTo(ClientPaths.resolve(Map.of(), HOME));
    }

    @Test
    void mailv2HomePutsAllThreeUnderOneFolderAndWinsOverXdg() {
        ClientPaths paths = ClientPaths.resolve(Map.of("MAILV2_HOME", "/tmp/m2", "XDG_DATA_HOME", "/srv/data"), HOME);

        assertThat(paths.configDir()).isEqualTo(Path.of("/tmp/m2/config"));
        assertThat(paths.dataDir()).isEqualTo(Path.of("/tmp/m2/data"));
        assertThat(paths.cacheDir()).isEqualTo(Path.of("/tmp/m2/cache"));
        assertThat(paths).isEqualTo(ClientPaths.under(Path.of("/tmp/m2")));
    }

    @Test
    void emptyMailv2HomeIsUnset() {
        assertThat(ClientPaths.resolve(Map.of("MAILV2_HOME", ""), HOME)).isEqualTo(ClientPaths.resolve(Map.of(), HOME));
    }

    @Test
    void relativeMailv2HomeIsRefused() {
        assertThatThrownBy(() -> ClientPaths.resolve(Map.of("MAILV2_HOME", "m2"), HOME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAILV2_HOME must be an absolute path");
    }

    @Test
    void relativeHomeIsRefused() {
        assertThatThrownBy(() -> ClientPaths.resolve(Map.of(), Path.of("alice")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProfileAppendsProfilesNameInsideEachDirectory() {
        ClientPaths paths = ClientPaths.resolve(Map.of(), HOME, "work");

        assertThat(paths.configDir()).isEqualTo(Path.of("/home/alice/.config/mailv2/profiles/work"));
        assertThat(paths.dataDir()).isEqualTo(Path.of("/home/alice/.local/share/mailv2/profiles/work"));
        assertThat(paths.cacheDir()).isEqualTo(Path.of("/home/alice/.cache/mailv2/profiles/work"));
    }

    @Test
    void aProfileWorksUnderMailv2HomeToo() {
        ClientPaths paths = ClientPaths.resolve(Map.of("MAILV2_HOME", "/tmp/m2"), HOME, "bob-2");

        assertThat(paths.configDir()).isEqualTo(Path.of("/tmp/m2/config/profiles/bob-2"));
        assertThat(paths.dataDir()).isEqualTo(Path.of("/tmp/m2/data/profiles/bob-2"));
        assertThat(paths.cacheDir()).isEqualTo(Path.of("/tmp/m2/cache/profiles/bob-2"));
    }

    @Test
    void aNullProfileIsTheDefaultIdentity() {
        assertThat(ClientPaths.resolve(Map.of(), HOME, null)).isEqualTo(ClientPaths.resolve(Map.of(), HOME));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "work", "a_b-c", "0123456789abcdefghijklmnopqrstuv"})
    void validProfileNames(String name) {
        assertThat(ClientPaths.isValidProfile(name)).isTrue();
        assertThat(ClientPaths.resolve(Map.of(), HOME, name).dataDir().getFileName()).hasToString(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Work", "-a", "_a", "a/b", "..", ".", "a.b", "a b", " a", "a\n", "é",
        "0123456789abcdefghijklmnopqrstuvw", "../../etc"})
    void badProfileNamesAreRefused(String name) {
        assertThat(ClientPaths.isValidProfile(name)).isFalse();
        assertThatThrownBy(() -> ClientPaths.resolve(Map.of(), HOME, name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("profile name");
    }

    @Test
    void filesTheClientUses() {
        ClientPaths paths = ClientPaths.under(Path.of("/tmp/m2"));

        assertThat(paths.vault()).isEqualTo(Path.of("/tmp/m2/data/vault.mv2"));
        assertThat(paths.cacheDb()).isEqualTo(Path.of("/tmp/m2/cache/cache.db"));
        assertThat(paths.outbox()).isEqualTo(Path.of("/tmp/m2/data/outbox"));
        assertThat(paths.config()).isEqualTo(Path.of("/tmp/m2/config/config.yml"));
    }

    @Test
    void ensureCreatedMakesOwnerOnlyDirectories(@TempDir Path tmp) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        ClientPaths paths = ClientPaths.resolve(Map.of("MAILV2_HOME", tmp.resolve("m2").toString()), HOME, "work");

        assertThat(paths.ensureCreated()).isSameAs(paths);

        for (Path dir : new Path[] {paths.configDir(), paths.dataDir(), paths.cacheDir(), paths.outbox(),
            tmp.resolve("m2"), tmp.resolve("m2/data/profiles")}) {
            assertThat(dir).isDirectory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as("%s", dir)
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void ensureCreatedTightensExistingDirectoriesAndCanRunTwice(@TempDir Path tmp) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        ClientPaths paths = ClientPaths.under(tmp);
        Files.createDirectories(paths.dataDir());
        Files.setPosixFilePermissions(paths.dataDir(), PosixFilePermissions.fromString("rwxr-xr-x"));

        paths.ensureCreated().ensureCreated();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.dataDir())))
                .isEqualTo("rwx------");
    }

    @Test
    void ensureCreatedFailsWhenADirectoryIsAFile(@TempDir Path tmp) throws IOException {
        ClientPaths paths = ClientPaths.under(tmp);
        Files.writeString(tmp.resolve("data"), "not a directory");

        assertThatThrownBy(paths::ensureCreated).isInstanceOf(IOException.class);
    }
}
