package fsscan.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Configuration in layers: system properties, then {@code application.conf} (the user's, e.g.
 * conf/application.conf via -Dconfig.file), then fsscan's defaults, then every library's
 * reference.conf. Our defaults must sit above the libraries': a shaded jar concatenates all
 * reference.conf files and the last definition of a key would otherwise win.
 */
public final class FsscanConfig {

    private FsscanConfig() {
    }

    public static Config load() {
        ConfigFactory.invalidateCaches();
        return ConfigFactory.defaultOverrides()
                .withFallback(ConfigFactory.defaultApplication())
                .withFallback(ConfigFactory.parseResources("fsscan-defaults.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }
}
