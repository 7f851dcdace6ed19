package cn.shuangkong.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The jar carries the embedded PostgreSQL for both Linux CPUs, and zonky finds each by name at run time (ADR 0022). */
class EmbeddedBinariesTest {

    @Test
    void linux_amd64_and_arm64_binaries_are_both_on_the_class_path() throws Exception {
        for (String arch : new String[] {"x86_64", "arm_64"}) {
            try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", arch)) {
                assertThat(archive).as("postgres-linux-%s.txz", arch).isNotNull();
                assertThat(archive.readNBytes(6)).as("an xz archive").containsExactly(0xFD, '7', 'z', 'X', 'Z', 0);
            }
        }
    }
}
