package dev.trident.runtime.source;

/** What kind of thing a {@link FrameSource} reads from. */
public enum SourceKind {
    /** A folder or glob of still images played as a video. */
    IMAGES,
    /** A video file (AVI through OpenCV, MP4/MKV/MOV/raw H.264/H.265 through FFmpeg). */
    VIDEO_FILE,
    /** A V4L2 camera ({@code /dev/videoN}) through OpenCV. */
    CAMERA,
    /** An RTSP/HTTP/UDP network stream through FFmpeg. */
    NETWORK
}
