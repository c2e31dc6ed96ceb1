package dev.novelkit.core.story;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

import java.util.Locale;

/** How the camera moves during a shot. */
public enum CameraMove {
    @JsonEnumDefaultValue
    STATIC, ZOOM_IN, ZOOM_OUT, PAN_LEFT, PAN_RIGHT, TILT_UP, TILT_DOWN;

    /** Parses "zoom-in", "zoom_in", "ZoomIn" and the like; unknown or blank gives {@link #STATIC}. */
    @JsonCreator
    public static CameraMove parse(String value) {
        if (value == null) {
            return STATIC;
        }
        String key = value.strip().replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_').replace(' ', '_')
                .toUpperCase(Locale.ROOT);
        for (CameraMove m : values()) {
            if (m.name().equals(key)) {
                return m;
            }
        }
        return STATIC;
    }
}
