package dev.novelkit.core.story;

/** How the camera moves during a shot. */
public enum CameraMove {
    STATIC, ZOOM_IN, ZOOM_OUT, PAN_LEFT, PAN_RIGHT, TILT_UP, TILT_DOWN
}
