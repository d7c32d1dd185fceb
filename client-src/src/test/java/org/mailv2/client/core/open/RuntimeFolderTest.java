package org.mailv2.client.core.open;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private folder decrypted attachments pass through on their way to a viewer. */
class RuntimeFolderTest {
    @TempDir
    Path dir;

    @Test
    void itIsCreatedForTheOwnerAloneUnderTheRuntimeDirectory() throws IOException {
        RuntimeFolder folder = RuntimeFolder.of(Map.of("XDG_RUNTIME_DIR", dir.toString()));
        assertThat(folder.path()).isEqualTo(dir.resolve("mailv2"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.path()))).isEqualTo("rwx------");
    }

    @Test
    void aFolderOthersCanEnterOrALinkIsRefusedNotRepaired() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> RuntimeFolder.at(open)).hasMessageContaining("can be entered by others");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open))).isEqualTo("rwxr-xr-x");

        Path link = Files.createSymbolicLink(dir.resolve("link"), open);
        assertThatThrownBy(() -> RuntimeFolder.at(link)).hasMessageContaining("not a plain folder");
    }

    @Test
    void leftoversOfACrashedRunAreSweptAndFreshFilesKept() throws IOException {
        Path home = dir.resolve("mailv2");
        RuntimeFolder.at(home);
        Path old = Files.writeString(home.resolve("old-plan.txt"), "left behind");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path fresh = Files.writeString(home.resolve("fresh.txt"), "in use");

        RuntimeFolder.at(home);

        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
    }
}
